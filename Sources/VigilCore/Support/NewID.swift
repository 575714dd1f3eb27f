import Foundation

/// Where new record ids come from: random, or from a seeded sequence for a task that must write the
/// same records every time (`vigil seed`'s synthetic network), set with `NewID.$source.withValue`.
public enum NewID {
    @TaskLocal public static var source: Source?

    /// A new id: the task's seeded sequence if it has one, otherwise random.
    public static func make() -> UUID { source?.next() ?? UUID() }

    /// A seeded sequence of version-4 ids.
    public final class Source: @unchecked Sendable {
        private let lock = NSLock()
        private var generator: SeededGenerator

        public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

        public func next() -> UUID {
            let (high, low) = lock.withLock { (generator.next(), generator.next()) }
            var bytes = withUnsafeBytes(of: high.bigEndian) { Array($0) } + withUnsafeBytes(of: low.bigEndian) { Array($0) }
            bytes[6] = bytes[6] & 0x0F | 0x40
            bytes[8] = bytes[8] & 0x3F | 0x80
            return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        }
    }
}
