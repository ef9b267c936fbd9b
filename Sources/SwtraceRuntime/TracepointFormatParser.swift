// Parses a tracefs `format` file into the event's fields (the common_* header excluded).

import SwtraceCore

public enum TracepointFormatParser {
    /// One `field:` line as written: declaration, offset, size, signedness.
    struct RawField: Equatable {
        var declaration: String
        var offset: Int
        var size: Int
        var isSigned: Bool
    }

    public static func parse(_ text: String, category: String, name: String) -> TracepointFormat {
        let fields = rawFields(text)
            .map(field(from:))
            .filter { !$0.name.hasPrefix("common_") }
        return TracepointFormat(category: category, name: name, fields: fields)
    }

    /// Declarations of the event fields (`const char * filename`), as `-lv` prints them.
    public static func fieldDeclarations(_ text: String) -> [String] {
        rawFields(text).filter { !fieldName($0.declaration).hasPrefix("common_") }.map(\.declaration)
    }

    static func rawFields(_ text: String) -> [RawField] {
        var fields: [RawField] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("field:") else { continue }
            var declaration = "", offset = 0, size = 0, signed = false
            for part in trimmed.split(separator: ";") {
                let item = part.drop(while: { $0 == " " || $0 == "\t" })
                guard let colon = item.firstIndex(of: ":") else { continue }
                let key = item[..<colon], value = item[item.index(after: colon)...]
                switch key {
                case "field": declaration = String(value).trimmingWhitespace()
                case "offset": offset = Int(value.trimmingWhitespace()) ?? 0
                case "size": size = Int(value.trimmingWhitespace()) ?? 0
                case "signed": signed = value.trimmingWhitespace() == "1"
                default: break
                }
            }
            if !declaration.isEmpty {
                fields.append(RawField(declaration: declaration, offset: offset, size: size, isSigned: signed))
            }
        }
        return fields
    }

    static func field(from raw: RawField) -> TracepointField {
        let name = fieldName(raw.declaration)
        let declaration = raw.declaration
        // Arrays and __data_loc keep their whole declaration (the name sits inside the type);
        // plain fields drop the trailing name: "const char * filename" -> "const char *".
        let cType: String
        if declaration.contains("[") || declaration.hasPrefix("__data_loc") {
            cType = declaration
        } else if declaration.hasSuffix(name) {
            cType = String(declaration.dropLast(name.count)).trimmingWhitespace()
        } else {
            cType = declaration
        }
        return TracepointField(name: name, cType: cType, offset: raw.offset, size: raw.size, isSigned: raw.isSigned)
    }

    /// The identifier a declaration declares: the last identifier outside brackets.
    static func fieldName(_ declaration: String) -> String {
        var text = Substring(declaration)
        // Drop trailing array suffixes: "comm[16]" -> "comm".
        while text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
            text = text[..<open]
            text = text.dropLast(while: { $0 == " " })
        }
        let identifier = Array(text.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }))
        return String(identifier.reversed())
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let characters = Array(self)
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
              let last = characters.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(characters[first...last])
    }
}

extension Substring {
    func dropLast(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex {
            let previous = index(before: end)
            if !predicate(self[previous]) { break }
            end = previous
        }
        return self[startIndex..<end]
    }
}
