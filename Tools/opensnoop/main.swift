// The opensnoop executable: everything is in OpenSnoopCommand.
OpenSnoopCommand.main()
