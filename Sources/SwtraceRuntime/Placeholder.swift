// SwtraceRuntime module.
