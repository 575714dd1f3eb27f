import Foundation
import VigilCore
import VigilStorage

/// About fifty synthetic patients with varied histories — treatment-resistant or not, with and
/// without contraindications, and for those in treatment rating-scale histories — example consent
/// templates, and a few website requests. Generated
/// from a fixed seed, so every demo clinic is the same.
enum DemoPatients {
    static let givenNames = ["Ana", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hiro", "Isla", "Jonas", "Kemi", "Liam", "Mei",
                             "Nadia", "Omar", "Paula", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wes", "Ximena", "Yusuf"]
    static let familyNames = ["Rivera", "Okafor", "Nguyen", "Schmidt", "Haddad", "Kowalski", "Mensah", "Tanaka", "O'Brien", "Silva",
                              "Petrov", "Dubois", "Lindqvist", "Moreau", "Abebe", "Kaur", "Rossi", "Yilmaz", "Novak", "Castillo"]

    /// The shapes of history the demo covers.
    enum Profile: CaseIterable {
        case resistantAndEligible, resistantWithPrecautions, resistantButContraindicated, notResistant, screeningIncomplete
    }

    static func fill(_ database: Database, sessions: DemoSessions) async throws -> Int {
        let prescriber = sessions.prescriber, nurse = sessions.nurse
        var random = SeededGenerator(seed: 20_261_121)
        let today = sessions.today
        let prescriberActor = Actor(userID: prescriber.id, role: prescriber.role, address: "demo", sessionID: nil)
        let nurseActor = Actor(userID: nurse.id, role: nurse.role, address: "demo", sessionID: nil)
        for route in TreatmentRoute.allCases {
            _ = try await database.publishConsentTemplate(route: route, title: "Consent to \(route.title.lowercased()) (example — review before use)",
                                                          body: consentText(route), by: .commandLine)
        }
        let table = try await database.antidepressantTable()
        let drugs = ["sertraline", "escitalopram", "fluoxetine", "venlafaxine", "duloxetine", "bupropion", "mirtazapine", "vortioxetine"]
        var count = 0
        try await sessions.stock()
        for index in 0..<50 {
            let profile = Profile.allCases[index % Profile.allCases.count]
            var form = PatientForm()
            form.givenName = givenNames[index % givenNames.count]
            form.familyName = familyNames[(index * 7) % familyNames.count]
            form.birthDate = String(format: "%04d-%02d-%02d", 1950 + Int.random(in: 0...50, using: &random), Int.random(in: 1...12, using: &random),
                                    Int.random(in: 1...28, using: &random))
            form.sex = ["female", "male", "female", "male", "other"][index % 5]
            form.phone = String(format: "555-01%02d-%04d", index % 100, Int.random(in: 0...9999, using: &random))
            form.weightKg = Double(Int.random(in: 50...110, using: &random))
            form.heightCm = Double(Int.random(in: 150...195, using: &random))
            form.diagnoses = [Diagnosis(code: index % 3 == 0 ? "F32.2" : "F33.2",
                                        text: index % 3 == 0 ? "Major depressive disorder, single episode, severe" : "Major depressive disorder, recurrent severe")]
            form.allergies = index % 6 == 0 ? ["penicillin"] : []
            let treated = profile == .resistantAndEligible || profile == .resistantWithPrecautions
            // Half the treated patients have esketamine, and are enrolled in its REMS.
            let route: TreatmentRoute = (index / 5) % 2 == 0 ? .ivKetamine : .esketamineNasal
            if treated && route.isEsketamine {
                form.remsStatus = RemsEnrollment.Status.enrolled.rawValue
                form.remsEnrolledOn = today.adding(days: -60).description
            }
            form.rideHomeContact = Contact(name: "\(givenNames[(index + 5) % givenNames.count]) \(form.familyName!)", phone: "555-0199-\(1000 + index)")
            let patient = try await database.createPatient(try form.checked(creating: true, today: today), by: .commandLine)
            count += 1

            // Trials: two or three adequate failures for the resistant profiles, one short or low-dose trial otherwise.
            let resistant = profile != .notResistant
            var start = today.adding(days: -400 - Int.random(in: 0...300, using: &random))
            let trialCount = resistant ? 2 + index % 2 : 1 + index % 2
            for number in 0..<trialCount {
                let drug = table.drug(named: drugs[(index + number) % drugs.count])!
                let weeks = resistant ? 8 + number * 2 : 3
                let end = start.adding(days: weeks * 7)
                let dose = resistant || number > 0 ? drug.minimumDailyDoseMg * 2 : drug.minimumDailyDoseMg / 2
                let trial = try MedicationTrialForm(drug: drug.genericName, dailyDoseMg: dose, startDate: start.description, endDate: end.description,
                                                    currentEpisode: true, adherence: "adequate", outcome: number % 2 == 0 ? "no-response" : "partial-response")
                    .checked(table: table, today: today, overrideBy: nil)
                _ = try await database.addMedicationTrial(trial, patientID: patient.id, by: nurseActor)
                start = end.adding(days: 14)
            }
            if index % 4 == 0 {
                try await database.setDepressiveEpisode(DepressiveEpisode(startDate: today.adding(days: -500),
                                                                          severity: .moderate), patientID: patient.id, by: nurseActor)
            }

            guard profile != .screeningIncomplete else { continue }
            var responses = Dictionary(uniqueKeysWithValues: ScreeningItem.allCases.map { ($0, Screening.Response(.no)) })
            var (systolic, diastolic) = (118 + index % 15, 74 + index % 10)
            switch profile {
            case .resistantWithPrecautions: responses[.benzodiazepines] = Screening.Response(.yes, note: "clonazepam 0.5 mg at night")
            case .resistantButContraindicated:
                if index % 2 == 0 { responses[.aneurysmalVascularDisease] = Screening.Response(.yes, note: "abdominal aortic aneurysm 4.1 cm") }
                else { (systolic, diastolic) = (186, 104) }
            default: break
            }
            try await database.saveScreening(Screening(responses: responses, systolic: systolic, diastolic: diastolic,
                                                       substanceUseHistory: "Alcohol socially; no other substances."),
                                             patientID: patient.id, by: nurseActor)
            if profile == .resistantAndEligible || profile == .resistantWithPrecautions {
                try await DemoMeasures.record(patient: patient.id, index: index, nurse: nurse, database: database, clock: sessions.clock,
                                               random: &random)
            }
            if treated {
                _ = try await database.signEligibility(patientID: patient.id, route: route, note: nil,
                                                       criteria: try await database.clinicSettings().criteria, today: today,
                                                       signer: prescriber, by: prescriberActor)
                try await DemoCourses.start(patient: patient, route: route, index: index, prescriber: prescriber, nurse: nurse,
                                            database: database, sessions: sessions)
            }
        }
        for (name, message) in [("Jordan Avery", "My psychiatrist suggested ketamine after three medications did not help."),
                                ("Priya Raman", "Is esketamine covered by my insurance?")] {
            _ = try await database.receiveConsultationRequest(
                try ConsultationRequestDraft(name: name, phone: "555-0100-2000", email: nil, preferredContactTime: "weekday mornings",
                                             message: message, consentToContact: true), from: "demo-\(name)")
        }
        return count
    }

    /// Example consent text built from the labels' warnings (clinical reference §1–2). A clinic's
    /// own clinicians and lawyers must review it; it says so at the top.
    static func consentText(_ route: TreatmentRoute) -> String {
        let how = switch route {
        case .ivKetamine: "Ketamine is given by a slow intravenous infusion while you are monitored."
        case .esketamineNasal: "Esketamine (Spravato) is a nasal spray you use yourself under the supervision of our staff. You will be monitored for at least two hours after each dose, as the REMS programme requires."
        case .imKetamine: "Ketamine is given by injection into a muscle while you are monitored."
        case .oralKetamine, .sublingualKetamine: "Ketamine is given as a lozenge or by mouth while you are monitored."
        }
        return """
        EXAMPLE TEXT — the clinic must review and replace it before use.

        \(how)

        Common effects during and after a dose: feeling detached or unreal (dissociation), drowsiness or sedation, dizziness, nausea, and a rise in blood pressure. These usually pass within hours.

        Serious risks: deep sedation, breathing problems, misuse and dependence, and changes in mood including suicidal thoughts. Tell staff at once if you feel unwell.

        You must not drive or operate machinery until the next day after a restful sleep, and someone must take you home.

        Tell us about all medicines you take, especially benzodiazepines, sleeping tablets, stimulants and MAOIs, and if you are or may be pregnant or breastfeeding.

        You may ask questions at any time, and you may withdraw your consent at any time without affecting your other care.
        """
    }
}
