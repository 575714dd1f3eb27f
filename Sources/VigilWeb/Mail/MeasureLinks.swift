import Foundation
import Logging
import VigilCore
import VigilStorage

/// Makes measure links into addresses and delivers them: by email through the clinic's SMTP server
/// when there is one and the patient has an address; otherwise the link is shown to staff once.
struct MeasureLinks: Sendable {
    let publicURL: String
    let smtp: SMTPSettings?

    func url(_ token: String) -> String {
        publicURL + PageEndpoints.measureLink.link(token)
    }

    var canEmail: Bool { smtp != nil }

    /// Sends an issued link; returns nil when it went, or what went wrong, which is noted on the request.
    func deliver(_ issued: IssuedMeasureRequest, database: Database) async -> String? {
        guard let smtp, let email = issued.email else { return nil }
        let request = issued.request
        let instrument = Instrument.named(request.instrument)
        let body = """
            \(request.requestedByName) at your clinic has asked you to answer a short questionnaire (\(instrument.name)).

            Why: \(request.reason)

            Open this link on your phone or computer. It works once and until \(request.expiresAt.shown):
            \(url(issued.token))

            If you are in crisis or thinking about suicide, do not wait for the questionnaire: call your local emergency number or a crisis line now.

            This message was sent by Vigil for your clinic. If you did not expect it, ignore it.
            """
        do {
            try await SMTPClient(settings: smtp).send(to: email, subject: "Your clinic asks: \(instrument.name) questionnaire", body: body)
            return nil
        } catch {
            let note = "email not sent: \(error)"
            try? await database.noteMeasureDelivery(requestID: request.id, note: note)
            return note
        }
    }
}

/// Issues emailed links for measurement plans as they fall due (every few minutes, by a `PeriodicService`).
/// Every server process may run it: issuing happens in one serialised transaction.
struct MeasurePlanCheck: Sendable {
    let database: Database
    let links: MeasureLinks
    let calendar: ClinicCalendar
    let logger: Logger

    func issueDue() async throws {
        let issued = try await database.issueDueMeasures(calendar: calendar.measures(try await database.clinicSettings()), by: .scheduler)
        for link in issued {
            if let problem = await links.deliver(link, database: database) {
                logger.warning("measure link not emailed", metadata: ["request": "\(link.request.id)", "problem": "\(problem)"])
            }
        }
    }
}
