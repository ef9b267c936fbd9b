// The readhist executable: everything is in ReadHistCommand.
ReadHistCommand.main()
