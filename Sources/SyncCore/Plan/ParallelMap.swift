import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on every core: one slice per core (of at least `minimumSlice` elements), each
    /// slice's results written in place, in order.
    func parallelMap<T: Sendable>(minimumSlice: Int = 256, _ transform: @Sendable (Element) -> T) -> [T] {
        [T].parallelFill(count: count, minimumSlice: minimumSlice) { indices, results in
            for (offset, index) in indices.enumerated() { (results + offset).initialize(to: transform(self[index])) }
        }
    }

    /// `count` results made on every core, `run` indices at a time: `fill` is given a range of
    /// at most `run` indices and initializes their results, in order, from the pointer it is
    /// given. A slice per core, of at least `minimumSlice` indices.
    static func parallelFill(count: Int, run: Int = .max, minimumSlice: Int = 256,
                             _ fill: @Sendable (Range<Int>, UnsafeMutablePointer<Element>) -> Void) -> [Element] {
        let slices = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / minimumSlice))
        let run = Swift.max(1, Swift.min(run, count))
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each slice writes only its own range of the buffer.
            nonisolated(unsafe) let results = buffer.baseAddress
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let end = count * (slice + 1) / slices
                for start in stride(from: count * slice / slices, to: end, by: run) {
                    fill(start..<Swift.min(start + run, end), results! + start)
                }
            }
            initialized = count
        }
    }
}
