// Lexical scopes of scratch variables: a variable assigned inside a block is gone after it;
// one declared or assigned in an outer block is shared with the inner ones.

struct VariableScopes {
    private var frames: [[String: SwType]] = [[:]]
    /// `let` declarations seen in each frame: variable name -> declaration statement start.
    private var declarations: [[String: Int]] = [[:]]
    /// Final type of each `let` declaration (by statement start), once its scope closes.
    private(set) var declaredTypes: [Int: SwType] = [:]
    /// Variables of scopes already closed, with their last type: reading one later reaches
    /// outside the block that assigned it.
    private(set) var closed: [String: SwType] = [:]

    subscript(name: String) -> SwType? {
        get {
            for frame in frames.reversed() { if let type = frame[name] { return type } }
            return nil
        }
        set {
            for index in frames.indices.reversed() where frames[index][name] != nil {
                frames[index][name] = newValue
                return
            }
            frames[frames.count - 1][name] = newValue
        }
    }

    /// Every variable visible here (for "did you mean" hints).
    var visibleNames: [String] { frames.flatMap(\.keys).sorted() }

    /// True if `name` is declared in the innermost scope.
    func isDeclaredHere(_ name: String) -> Bool { frames[frames.count - 1][name] != nil }

    /// `let $name` at the statement starting at `key`: a new variable in the innermost scope.
    mutating func declare(_ name: String, type: SwType, key: Int) {
        frames[frames.count - 1][name] = type
        declarations[declarations.count - 1][name] = key
    }

    mutating func push() {
        frames.append([:])
        declarations.append([:])
    }

    mutating func pop() {
        guard frames.count > 1 else { return }
        recordDeclarations(of: frames.count - 1)
        closed.merge(frames.removeLast()) { _, new in new }
        declarations.removeLast()
    }

    /// Closes every scope (end of a probe or function), keeping what was declared.
    mutating func reset() {
        while frames.count > 1 { pop() }
        recordDeclarations(of: 0)
        frames = [[:]]
        declarations = [[:]]
        closed = [:]
    }

    private mutating func recordDeclarations(of index: Int) {
        for (name, key) in declarations[index] {
            declaredTypes[key] = frames[index][name] ?? .int64
        }
    }
}
