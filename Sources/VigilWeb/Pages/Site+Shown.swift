import Foundation
import VigilCore

extension [Site] {
    /// " at Front Range" once the network has more than one site, so a chart says where a course,
    /// a booking or a session is; nothing for a one-site clinic.
    func whereShown(_ id: UUID) -> String {
        count > 1 ? " at \(site(id)?.name ?? "another site")" : ""
    }
}
