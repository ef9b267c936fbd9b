// The vfsreadlat executable: everything is in VFSReadLatCommand.
VFSReadLatCommand.main()
