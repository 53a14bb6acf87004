import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `map` on every core: one slice per core (of at least `minimumSlice` elements), the
    /// results in order.
    func parallelMap<T: Sendable>(minimumSlice: Int = 256, _ transform: @Sendable (Element) -> T) -> [T] {
        let slices = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / minimumSlice))
        let parts = Mutex([[T]](repeating: [], count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let part = self[(count * slice / slices)..<(count * (slice + 1) / slices)].map(transform)
            parts.withLock { $0[slice] = part }
        }
        return parts.withLock { $0.flatMap { $0 } }
    }
}
