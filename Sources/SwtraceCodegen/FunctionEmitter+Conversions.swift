// Emission of conversions: strftime, ntop, pton, macaddr, bswap, syscall_name, strerror,
// cgroupid, cgroup_path, path, has_key. Values user space formats (UserSpaceFormat) are
// recorded raw here.
import CLLVM
import Glibc
import SwtraceCore

extension FunctionEmitter {
    func emitConversionCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "fail", "static_assert":
            return m.constant(0)  // checked when compiling; nothing is left to run
        case _ where TypePredicates.names.contains(name):
            // Known when compiling: the argument is not evaluated.
            return m.constant(TypePredicates.holds(name, type(of: arguments[0]), arguments[0]) ? 1 : 0)
        case "strftime":
            return try emit(arguments[1])
        case "syscall_name", "strerror", "cgroup_path":
            return try emit(arguments[0])
        case "ntop":
            return try emitInet(arguments)
        case "pton":
            guard case .string(let text) = arguments[0].kind, let bytes = InetAddress.bytes(text) else { return nil }
            let slot = stackSlot(bytes.count, "pton")
            for (index, value) in bytes.enumerated() { storeInteger(m.constant(UInt64(value)), slot, offset: index, bits: 8) }
            return slot
        case "macaddr":
            let slot = stackSlot(8, "macaddr")
            zero(slot, size: 8)
            try copyBytes(of: arguments[0], count: 6, into: slot, offset: 0)
            return slot
        case "bswap":
            guard case .integer(let bits, _) = type(of: expr) else { return nil }
            let value = try emit(arguments[0])
            if bits == 8 { return narrow(value, to: .uint8) }
            let narrowType = m.integerType(bits: bits)
            let swapped = callIntrinsic("llvm.bswap", overloaded: narrowType, [LLVMBuildTrunc(b, value, narrowType, "")!])
            return LLVMBuildZExt(b, swapped, m.i64, "")!
        case "cgroupid":
            // Resolved by semantics: the inode number of the cgroup's directory.
            return m.constant(program.recordAccesses.constants[expr.id] ?? 0)
        case "socket_cookie":
            // The pointer goes to the helper as loaded from the context (the verifier wants its
            // BTF type); a NULL socket has cookie 0, as bpftrace documents.
            let socket = try contextPointer(arguments[0])
            let slot = stackSlot(8, "cookie")
            zero(slot, size: 8)
            let call = appendBlock("cookie.call"), done = appendBlock("cookie.done")
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntNE, socket, m.constant(0), "")!, call, done)
            LLVMPositionBuilderAtEnd(b, call)
            noteHelperCall(.getSocketCookie, expr)
            storeInteger(callHelper(.getSocketCookie, [LLVMBuildIntToPtr(b, socket, m.i8Pointer, "")!]), slot, offset: 0)
            LLVMBuildBr(b, done)
            LLVMPositionBuilderAtEnd(b, done)
            return loadInteger(slot, offset: 0, bits: 64, signed: false)
        case "path":
            let size = type(of: expr).byteSize
            let slot = stackSlot(size, "path")
            zero(slot, size: size)
            // A NULL pointer (an iterator's file slot, say) gives the empty string. The offset is
            // added only past the check: the verifier refuses arithmetic on maybe-NULL pointers.
            let (base, offset) = try pathAddress(arguments[0])
            let call = appendBlock("path.call"), done = appendBlock("path.done")
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntNE, base, m.constant(0), "")!, call, done)
            LLVMPositionBuilderAtEnd(b, call)
            let address = offset == 0 ? base : LLVMBuildAdd(b, base, m.constant(offset), "")!
            let pointer = LLVMBuildIntToPtr(b, address, m.i8Pointer, "")!
            noteHelperCall(.dPath, expr)
            checkHelperResult(callHelper(.dPath, [pointer, slot, LLVMConstInt(m.i32, UInt64(size), 0)]), .dPath, expr)
            LLVMBuildBr(b, done)
            LLVMPositionBuilderAtEnd(b, done)
            return slot
        case "has_key":
            guard case .map(let mapName, _) = arguments[0].kind else { return nil }
            let map = "@" + mapName
            let key = try elementKey(map, arguments[1])
            return boolToInt(LLVMBuildIsNotNull(b, lookup(map, key: key), "")!)
        default:
            return nil
        }
    }

    /// path()'s argument as a kernel pointer and an offset into what it points to: the pointer
    /// itself, or, for a struct path inside a record (`ctx->file->f_path`), the pointer to that
    /// record and the field's offset. bpf_d_path takes only pointers whose BTF type the verifier
    /// knows, so the record's pointer is loaded straight from the context (an fentry argument, an
    /// iterator's `ctx->file`) instead of being read with a probe-read helper.
    private func pathAddress(_ argument: Expr) throws -> (base: LLVMValueRef, offset: UInt64) {
        guard case .record = type(of: argument) else { return (try contextPointer(argument), 0) }
        var offset: UInt64 = 0
        var current = argument
        while case .field(let base, _, _) = current.kind, let field = program.recordAccesses.fields[current.id] {
            offset += UInt64(field.offset)
            if case .pointer = type(of: base) { return (try contextPointer(base), offset) }
            current = base
        }
        throw unsupported("path() of a copied struct path (pass the kernel's struct path or a pointer to it)", argument.range)
    }

    /// A pointer-valued expression, loaded directly from the probe's context when it is an
    /// iterator context field (the generic field read copies it with bpf_probe_read_kernel,
    /// which leaves the verifier a plain number).
    private func contextPointer(_ expr: Expr) throws -> LLVMValueRef {
        if case .field(let base, _, _) = expr.kind, case .identifier(let name) = base.kind,
           emitIteratorContext(name) != nil, let field = program.recordAccesses.fields[expr.id] {
            return loadInteger(ctx, offset: field.offset, bits: 64, signed: false)
        }
        // Anything else reached through a pointer was copied with a probe-read helper, and
        // bpf_d_path refuses such a number: say so here rather than with the verifier's log.
        guard isHandedToTheProbe(expr) else {
            throw refused("path() cannot take a pointer read through another pointer: the kernel's bpf_d_path "
                          + "accepts only pointers the probe is handed (ctx.FIELD of an iterator, args.NAME or retval "
                          + "of fentry/fexit) or a struct path inside one, e.g. path(ctx.file.f_path)", expr.range)
        }
        return try emit(expr)
    }

    /// False for a pointer certainly copied out of kernel memory (a field of a record reached
    /// through a pointer, a dereference); the verifier has the last word on the rest.
    private func isHandedToTheProbe(_ expr: Expr) -> Bool {
        guard programKind == .tracing else { return true }
        switch expr.kind {
        case .field(let base, _, _):
            if case .identifier("args") = base.kind { return true }
            return false
        case .unary(.dereference, _), .index:
            return false
        case .cast(_, let inner):
            return isHandedToTheProbe(inner)
        default:
            return true
        }
    }

    /// `ntop([family,] address)`: family (u64), then 16 address bytes.
    func emitInet(_ arguments: [Expr]) throws -> LLVMValueRef {
        let address = arguments[arguments.count - 1]
        let addressType = type(of: address)
        let slot = stackSlot(24, "inet")
        zero(slot, size: 24)
        var family: LLVMValueRef = m.constant(UInt64(AF_INET))
        if case .array(_, 16) = addressType { family = m.constant(UInt64(AF_INET6)) }
        if arguments.count == 2 { family = try emit(arguments[0]) }
        storeInteger(family, slot, offset: 0)
        if case .array(_, let count) = addressType {
            try copyBytes(of: address, count: count, into: slot, offset: 8)
        } else {
            // An integer holds the IPv4 address in network byte order, as stored in memory.
            storeInteger(try emit(address), slot, offset: 8, bits: 32)
        }
        return slot
    }

    /// Copies `count` bytes of an array value, or read from the address an integer holds.
    func copyBytes(of expr: Expr, count: Int, into slot: LLVMValueRef, offset: Int) throws {
        let value = try emit(expr)
        if isMemory(type(of: expr)) {
            copy(to: address(slot, offset: offset), from: value, size: min(count, type(of: expr).byteSize))
        } else {
            let helper: BPFHelper = readsUserMemory(expr) ? .probeReadUser : .probeReadKernel
            callHelper(helper, [address(slot, offset: offset), LLVMConstInt(m.i32, UInt64(count), 0),
                                LLVMBuildIntToPtr(b, value, m.i8Pointer, "")!])
        }
    }

    func callIntrinsic(_ name: String, overloaded type: LLVMTypeRef, _ arguments: [LLVMValueRef]) -> LLVMValueRef {
        let id = LLVMLookupIntrinsicID(name, name.utf8.count)
        var types: [LLVMTypeRef?] = [type]
        let function = LLVMGetIntrinsicDeclaration(m.module, id, &types, 1)!
        let functionType = LLVMIntrinsicGetType(m.context, id, &types, 1)!
        var values: [LLVMValueRef?] = arguments
        return LLVMBuildCall2(b, functionType, function, &values, UInt32(arguments.count), "")!
    }
}
