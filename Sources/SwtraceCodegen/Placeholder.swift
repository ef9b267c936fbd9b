// SwtraceCodegen module.
