// Offsets inside the running kernel's struct task_struct (from its BTF), for builtins that
// walk from the current task: ppid (real_parent->tgid) and pcomm (group_leader->comm).
import CLibbpf

struct KernelTaskLayout: Sendable {
    var realParent: Int
    var groupLeader: Int
    var tgid: Int
    var comm: Int

    /// Read once; nil when the kernel has no BTF or task_struct lacks a field.
    static let current: KernelTaskLayout? = {
        guard let btf = btf__load_vmlinux_btf() else { return nil }
        defer { btf__free(btf) }
        let id = btf__find_by_name_kind(btf, "task_struct", UInt32(BTF_KIND_STRUCT))
        guard id > 0, let type = btf__type_by_id(btf, UInt32(id)) else { return nil }
        var offsets: [String: Int] = [:]
        let members = btf_members(type)!
        for index in 0..<Int(btf_vlen(type)) {
            guard let name = btf__name_by_offset(btf, members[index].name_off) else { continue }
            offsets[String(cString: name)] = Int(btf_member_bit_offset(type, UInt32(index))) / 8
        }
        guard let realParent = offsets["real_parent"], let groupLeader = offsets["group_leader"],
              let tgid = offsets["tgid"], let comm = offsets["comm"] else { return nil }
        return KernelTaskLayout(realParent: realParent, groupLeader: groupLeader, tgid: tgid, comm: comm)
    }()
}
