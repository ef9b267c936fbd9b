// SwtraceOutput module.
