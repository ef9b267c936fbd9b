// The swtrace executable: argument parsing lives in SwtraceCLI.
import SwtraceCLI
SwtraceCommandMain.main()
