// Text IPv4/IPv6 addresses to their network-order bytes, for pton() (typed in semantics,
// emitted as constants by codegen).

import Foundation

public enum InetAddress {
    /// The bytes of an IPv4 (`.`) or IPv6 (`:`) address literal; nil when it is neither.
    public static func bytes(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}
