// The libbpf this process runs with (it may differ from the headers it was built against).
import CLibbpf

public enum LibbpfVersion {
    public static var text: String { String(cString: libbpf_version_string()) }
}
