// The syscount executable: everything is in SyscountCommand.
SyscountCommand.main()
