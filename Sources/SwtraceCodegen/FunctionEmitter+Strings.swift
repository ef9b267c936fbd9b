// Emission of string functions: str, buf, strlen, strncmp, strcontains, strstr, str_concat.
// Comparisons leave at the first difference (one verifier path per exit, not per combination
// of bytes); lengths come from the string-copy helper, which needs no branch per byte.
import CLLVM
import SwtraceCore

extension FunctionEmitter {
    func emitStringCall(_ name: String, _ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef? {
        switch name {
        case "str":
            return try emitStr(arguments, expr)
        case "buf":
            return try emitBuf(arguments, expr)
        case "strlen":
            let type = type(of: arguments[0])
            return stringLength(try emit(arguments[0]), size: type.byteSize)
        case "strncmp":
            let a = try emit(arguments[0]), c = try emit(arguments[1])
            let limit = literal(arguments[2])
            return stringCompare(a, type(of: arguments[0]).byteSize, c, type(of: arguments[1]).byteSize, limit: limit)
        case "memcmp":
            let count = Int(clamping: ConstantFolding.integer(arguments[2], arguments: program.positionalArguments) ?? 0)
            return memoryCompare(try emit(arguments[0]), type(of: arguments[0]).byteSize,
                                 try emit(arguments[1]), type(of: arguments[1]).byteSize, count: count)
        case "strcontains", "strstr":
            let needleSize = type(of: arguments[1]).byteSize
            if stringLiteral(arguments[1]) == nil, type(of: arguments[0]).byteSize * needleSize > Self.unrolledSearchLimit {
                throw unsupported("\(name)() of a non-literal needle in strings this long (at most \(Self.unrolledSearchLimit) byte comparisons)", arguments[1].range)
            }
            let haystack = try emit(arguments[0]), needle = try emit(arguments[1])
            let index = stringSearch(haystack, size: type(of: arguments[0]).byteSize,
                                     needle: needle, needleSize: type(of: arguments[1]).byteSize,
                                     needleText: stringLiteral(arguments[1]))
            if name == "strstr" { return index }
            return boolToInt(LLVMBuildICmp(b, LLVMIntSGE, index, m.constant(0), "")!)
        case "str_concat":
            return try emitConcat(arguments, expr)
        default:
            return nil
        }
    }

    func stringLiteral(_ expr: Expr) -> String? {
        if case .string(let text) = expr.kind { return text }
        return nil
    }

    /// Byte `index` of a buffer of `size` bytes; bytes past its end read as the terminator.
    func byte(_ pointer: LLVMValueRef, _ index: Int, size: Int) -> LLVMValueRef {
        index < size ? loadInteger(pointer, offset: index, bits: 8, signed: false) : m.constant(0)
    }

    /// Characters before the first NUL (at most `size - 1`): the string helper copies it and
    /// reports the copied length, one call instead of a branch per byte.
    func stringLength(_ pointer: LLVMValueRef, size: Int) -> LLVMValueRef {
        let scratch = stackSlot(size, "strlen")
        return copyString(to: scratch, from: pointer, size: size)
    }

    /// Copies a NUL-terminated string of at most `size` bytes; returns its length without
    /// the terminator (0 when the copy fails).
    func copyString(to destination: LLVMValueRef, from source: LLVMValueRef, size: Int) -> LLVMValueRef {
        let copied = callHelper(.probeReadKernelStr, [destination, LLVMConstInt(m.i32, UInt64(size), 0), source])
        let positive = LLVMBuildICmp(b, LLVMIntSGT, copied, m.constant(0), "")!
        let length = LLVMBuildSub(b, copied, m.constant(1), "")!
        return LLVMBuildSelect(b, positive, length, m.constant(0), "strlen")!
    }

    /// 0 when the first `limit` characters (up to a terminator) are equal, 1 otherwise; leaves
    /// at the first difference or terminator.
    func stringCompare(_ a: LLVMValueRef, _ aSize: Int, _ c: LLVMValueRef, _ cSize: Int, limit: Int) -> LLVMValueRef {
        let equal = appendBlock("strncmp.equal"), different = appendBlock("strncmp.different")
        let done = appendBlock("strncmp.done")
        for index in 0..<min(limit, max(aSize, cSize)) {
            let x = byte(a, index, size: aSize), y = byte(c, index, size: cSize)
            let same = appendBlock("strncmp.same"), next = appendBlock("strncmp.next")
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, x, y, "")!, same, different)
            LLVMPositionBuilderAtEnd(b, same)
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, x, m.constant(0), "")!, equal, next)
            LLVMPositionBuilderAtEnd(b, next)
        }
        LLVMBuildBr(b, equal)
        for block in [equal, different] {
            LLVMPositionBuilderAtEnd(b, block)
            LLVMBuildBr(b, done)
        }
        LLVMPositionBuilderAtEnd(b, done)
        return phi(m.i64, [(m.constant(0), equal), (m.constant(1), different)])
    }

    /// memcmp: the difference of the first differing bytes (as unsigned bytes) among the first
    /// `count`, or 0; NUL bytes do not stop it, bytes past a value's end read as 0.
    func memoryCompare(_ a: LLVMValueRef, _ aSize: Int, _ c: LLVMValueRef, _ cSize: Int, count: Int) -> LLVMValueRef {
        let done = appendBlock("memcmp.done")
        var results: [(LLVMValueRef, LLVMBasicBlockRef)] = []
        for index in 0..<max(0, min(count, max(aSize, cSize))) {
            let x = byte(a, index, size: aSize), y = byte(c, index, size: cSize)
            let next = appendBlock("memcmp.next")
            results.append((LLVMBuildSub(b, x, y, "")!, currentBlock))
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntNE, x, y, "")!, done, next)
            LLVMPositionBuilderAtEnd(b, next)
        }
        results.append((m.constant(0), currentBlock))
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        return phi(m.i64, results)
    }

    /// Index of the first occurrence of `needle` in `haystack`, or -1. Each start position
    /// compares until the first mismatch; a literal needle is compared for exactly its bytes.
    func stringSearch(_ haystack: LLVMValueRef, size: Int, needle: LLVMValueRef, needleSize: Int, needleText: String?) -> LLVMValueRef {
        let literalBytes = needleText.map { ByteText.bytes(of: $0) }
        let needleLength = literalBytes?.count ?? max(needleSize - 1, 0)
        if needleLength == 0 { return m.constant(0) }
        if let literalBytes {
            return opaque(stringSearchLoop(haystack, size: size, needle: literalBytes))
        }
        let notFound = appendBlock("strstr.none"), done = appendBlock("strstr.done")
        var results: [(LLVMValueRef, LLVMBasicBlockRef)] = []
        if literalBytes == nil {
            // An empty runtime needle is found at 0.
            let search = appendBlock("strstr.search")
            let isEmpty = LLVMBuildICmp(b, LLVMIntEQ, byte(needle, 0, size: needleSize), m.constant(0), "")!
            results.append((m.constant(0), currentBlock))
            LLVMBuildCondBr(b, isEmpty, done, search)
            LLVMPositionBuilderAtEnd(b, search)
        }
        for start in 0..<max(size - 1, 1) {
            let compare = appendBlock("strstr.compare"), next = appendBlock("strstr.next")
            // The haystack ended: nothing further can match.
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, byte(haystack, start, size: size), m.constant(0), "")!, notFound, compare)
            LLVMPositionBuilderAtEnd(b, compare)
            for offset in 0..<needleLength {
                let wanted: LLVMValueRef
                if let literalBytes {
                    wanted = m.constant(UInt64(literalBytes[offset]))
                } else {
                    wanted = byte(needle, offset, size: needleSize)
                    if offset > 0 {
                        let more = appendBlock("strstr.more")
                        results.append((m.constant(UInt64(start)), currentBlock))
                        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, wanted, m.constant(0), "")!, done, more)
                        LLVMPositionBuilderAtEnd(b, more)
                    }
                }
                let matched = appendBlock("strstr.matched")
                LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, byte(haystack, start + offset, size: size), wanted, "")!, matched, next)
                LLVMPositionBuilderAtEnd(b, matched)
            }
            results.append((m.constant(UInt64(start)), currentBlock))
            LLVMBuildBr(b, done)
            LLVMPositionBuilderAtEnd(b, next)
        }
        LLVMBuildBr(b, notFound)
        LLVMPositionBuilderAtEnd(b, notFound)
        results.append((m.constant(signed: -1), notFound))
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        return opaque(phi(m.i64, results))
    }

    /// `value` through a volatile stack slot: LLVM can no longer rewrite a bound check on it
    /// into a check on some earlier form (`(int32)x` becomes shifts, and the compare lands on
    /// a register other than the one passed on), so the verifier sees the bound it needs.
    func unfolded(_ value: LLVMValueRef) -> LLVMValueRef {
        let slot = stackSlot(8, "unfolded")
        let pointer = LLVMBuildBitCast(b, slot, m.pointer(to: m.i64), "")
        LLVMSetVolatile(LLVMBuildStore(b, value, pointer), 1)
        let loaded = LLVMBuildLoad2(b, m.i64, pointer, "unfolded")!
        LLVMSetVolatile(loaded, 1)
        return loaded
    }

    /// Byte comparisons a search with a non-literal needle may unroll (haystack x needle).
    static let unrolledSearchLimit = 64 * 64

    /// `value` copied through a helper, so the verifier sees an unknown number instead of one
    /// constant per path that produced it: code after a search is then checked once, not once
    /// per possible index.
    func opaque(_ value: LLVMValueRef) -> LLVMValueRef {
        let source = stackSlot(8, "opaque.in"), destination = stackSlot(8, "opaque.out")
        storeInteger(value, source, offset: 0)
        callHelper(.probeReadKernel, [destination, LLVMConstInt(m.i32, 8, 0), source])
        return loadInteger(destination, offset: 0, bits: 64, signed: true)
    }

    /// The search as a bounded loop over start positions (the verifier walks each iteration),
    /// comparing the literal needle's bytes at each.
    func stringSearchLoop(_ haystack: LLVMValueRef, size: Int, needle: [UInt8]) -> LLVMValueRef {
        let lastStart = size - needle.count
        if lastStart < 0 { return m.constant(signed: -1) }
        let start = currentBlock
        let loop = appendBlock("search.loop"), next = appendBlock("search.next")
        let found = appendBlock("search.found"), notFound = appendBlock("search.none"), done = appendBlock("search.done")
        LLVMBuildBr(b, loop)
        LLVMPositionBuilderAtEnd(b, loop)
        let index = LLVMBuildPhi(b, m.i64, "search.i")!
        let byteAt = { (offset: Int) -> LLVMValueRef in
            var position: [LLVMValueRef?] = [LLVMBuildAdd(self.b, index, self.m.constant(UInt64(offset)), "")!]
            let pointer = LLVMBuildGEP2(self.b, self.m.i8, haystack, &position, 1, "")!
            return LLVMBuildZExt(self.b, LLVMBuildLoad2(self.b, self.m.i8, pointer, "")!, self.m.i64, "")!
        }
        let compare = appendBlock("search.compare")
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, byteAt(0), m.constant(0), "")!, notFound, compare)
        LLVMPositionBuilderAtEnd(b, compare)
        for (offset, wanted) in needle.enumerated() {
            let matched = appendBlock("search.matched")
            LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, byteAt(offset), m.constant(UInt64(wanted)), "")!, matched, next)
            LLVMPositionBuilderAtEnd(b, matched)
        }
        LLVMBuildBr(b, found)
        LLVMPositionBuilderAtEnd(b, next)
        let following = LLVMBuildAdd(b, index, m.constant(1), "")!
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntULE, following, m.constant(UInt64(lastStart)), "")!, loop, notFound)
        var values: [LLVMValueRef?] = [m.constant(0), following]
        var blocks: [LLVMBasicBlockRef?] = [start, next]
        LLVMAddIncoming(index, &values, &blocks, 2)
        LLVMPositionBuilderAtEnd(b, found)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, notFound)
        LLVMBuildBr(b, done)
        LLVMPositionBuilderAtEnd(b, done)
        return phi(m.i64, [(index, found), (m.constant(signed: -1), notFound)])
    }

    /// `str_concat(a, b)`: a's characters, then b's, in a buffer of both sizes.
    func emitConcat(_ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        let a = try emit(arguments[0]), c = try emit(arguments[1])
        let aSize = type(of: arguments[0]).byteSize, cSize = type(of: arguments[1]).byteSize
        let size = type(of: expr).byteSize
        let slot = stackSlot(size, "concat")
        zero(slot, size: size)
        // b goes after a's characters; the length is at most aSize - 1, so b stays inside.
        let length = copyString(to: slot, from: a, size: aSize)
        let clamped = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntUGT, length, m.constant(UInt64(aSize - 1)), "")!,
                                      m.constant(UInt64(aSize - 1)), length, "")!
        var index: [LLVMValueRef?] = [clamped]
        let destination = LLVMBuildGEP2(b, m.i8, slot, &index, 1, "")!
        callHelper(.probeReadKernelStr, [destination, LLVMConstInt(m.i32, UInt64(cSize), 0), c])
        return slot
    }

    /// `buf(data[, length])`: the count of bytes held (u32), then the bytes, in a slot of the
    /// buffer type's size. A run-time length is clamped to the capacity first (an unsigned
    /// compare the verifier sees as the read's bound); bytes past the count stay zero, so equal
    /// buffers are equal map keys.
    func emitBuf(_ arguments: [Expr], _ expr: Expr) throws -> LLVMValueRef {
        let capacity = type(of: expr).byteSize - SwType.bufferHeader
        let argumentType = type(of: arguments[0])
        let source = try emit(arguments[0])
        var length: LLVMValueRef = m.constant(UInt64(capacity))
        // A literal length, or an array's own size, already fixed the capacity when typed.
        var literalLength = arguments.count == 1
        if arguments.count == 2, case .integer = arguments[1].kind { literalLength = true }
        if !literalLength {
            let proposed = unfolded(try emit(arguments[1]))
            let fits = LLVMBuildICmp(b, LLVMIntULE, proposed, m.constant(UInt64(capacity)), "buf.fits")!
            length = LLVMBuildSelect(b, fits, proposed, m.constant(UInt64(capacity)), "buf.length")!
        }
        let slot = stackSlot(type(of: expr).byteSize, "buf")
        zero(slot, size: type(of: expr).byteSize)
        let data = address(slot, offset: SwType.bufferHeader)
        if isMemory(argumentType) {
            // An array or string value: its bytes are already here, at most its own size.
            let available = min(capacity, argumentType.byteSize)
            if literalLength {
                // A literal length past the value's end pads with zeros, as bpftrace's
                // `buf("ok_key", 8)` is `ok_key\x00\x00`.
                copy(to: data, from: source, size: available)
                length = m.constant(UInt64(capacity))
            } else {
                // Only the bytes held, so the rest stays zero (buffers equal as map keys).
                let limit = m.constant(UInt64(available))
                length = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntULE, length, limit, "")!, length, limit, "buf.length")!
                callHelper(.probeReadKernel, [data, length, source])
            }
        } else {
            let helper: BPFHelper = readsUserMemory(arguments[0]) ? .probeReadUser : .probeReadKernel
            let result = callHelper(helper, [data, length, LLVMBuildIntToPtr(b, source, m.i8Pointer, "")])
            checkHelperResult(result, helper, expr)
        }
        storeInteger(length, slot, offset: 0, bits: 32)
        return slot
    }
}
