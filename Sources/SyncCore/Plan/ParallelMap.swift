import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map` on every core: one slice per core (of at least `minimumSlice` elements), each
    /// slice's results written in place, in order.
    func parallelMap<T: Sendable>(minimumSlice: Int = 256, _ transform: @Sendable (Element) -> T) -> [T] {
        let slices = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / minimumSlice))
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each slice writes only its own range of the buffer.
            nonisolated(unsafe) let results = buffer
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                for index in (count * slice / slices)..<(count * (slice + 1) / slices) {
                    (results.baseAddress! + index).initialize(to: transform(self[index]))
                }
            }
            initialized = count
        }
    }
}
