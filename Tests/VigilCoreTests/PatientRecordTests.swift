import Foundation
import Testing
import VigilCore
import VigilTestSupport

@Suite("Patient record rules")
struct PatientRecordTests {
    static let today = CalendarDate("2026-11-21")!

    static func patient(_ given: String = "José", _ family: String = "Núñez Ortega", born: String = "1984-11-22") -> Patient {
        Patient(id: UUID(), mrn: "V000001", givenName: given, familyName: family, birthDate: CalendarDate(born)!, sex: .male,
                createdAt: TestTime.now, updatedAt: TestTime.now)
    }

    @Test func ageCountsWholeYearsToTheBirthday() {
        #expect(Self.patient(born: "1984-11-22").age(on: Self.today) == 41)
        #expect(Self.patient(born: "1984-11-21").age(on: Self.today) == 42)
    }

    @Test func aChangeNamesOnlyTheFieldsThatDiffer() throws {
        let before = Self.patient()
        var form = PatientForm()
        form.phone = "+1 (555) 010-0199"
        form.givenName = "José"
        form.allergies = ["latex", "  "]
        let after = try form.checked(creating: false, today: Self.today).applied(to: before)
        #expect(after.changedFields(from: before) == ["phone", "allergies"])
        #expect(after.allergies == ["latex"], "blank lines are dropped")
    }

    @Test func anOlderWeightJoinsTheHistoryButDoesNotReplaceTheLatest() throws {
        var before = Self.patient()
        before.weight = Weight(kg: 80, measuredOn: CalendarDate("2026-11-01")!)
        var form = PatientForm()
        form.weightKg = 82
        form.weightMeasuredOn = "2026-10-01"
        let update = try form.checked(creating: false, today: Self.today)
        #expect(update.weight == Weight(kg: 82, measuredOn: CalendarDate("2026-10-01")!))
        #expect(update.applied(to: before).weight?.kg == 80)
    }

    @Test func aNewRecordNeedsTheFourIdentifyingFields() {
        #expect(throws: ValidationError([FieldError("givenName", "is required"), FieldError("familyName", "is required"),
                                         FieldError("birthDate", "is required"), FieldError("sex", "is required")])) {
            try PatientForm().checked(creating: true, today: Self.today)
        }
        #expect(throws: ValidationError("body", "names nothing to change")) {
            try PatientForm().checked(creating: false, today: Self.today)
        }
    }

    /// Names with NUL or other control characters were accepted (hostile-testing issue, defect 10).
    @Test func controlCharactersAreRefusedInNamesAndText() {
        var form = PatientForm()
        form.givenName = "Ana\u{0}"
        form.familyName = "Ri\u{1B}[31mvera"
        form.address = "1 Main St\u{7F}"
        #expect(throws: ValidationError([FieldError("givenName", "must not contain control characters"),
                                         FieldError("familyName", "must not contain control characters"),
                                         FieldError("address", "must not contain control characters")])) {
            try form.checked(creating: false, today: Self.today)
        }
        var validator = Validator()
        #expect(validator.text("two\nlines\tand a tab", "note", max: 100) != nil)
        _ = validator.text("bell\u{7}", "note", max: 100)
        #expect(throws: ValidationError("note", "must not contain control characters")) { try validator.finish() }
        let dated = AssessmentForm(instrument: "phq9", answers: Array(repeating: .number(0), count: 9), takenAt: "0001-01-01T00:00:00Z", source: "patient")
        #expect(throws: ValidationError("takenAt", "is before 1979, when the oldest scale here (MADRS) was published")) { try dated.checked(now: TestTime.now) }
    }

    @Test(arguments: ["F33.2", "F32.A", "F41.1", "Z79.899", "F33"])
    func icd10CMCodesAreAccepted(code: String) {
        #expect(Diagnosis.isWellFormed(code))
    }

    @Test(arguments: ["33.2", "F3", "depression", "F33.23456", "f33.2"])
    func otherCodesAreRefused(code: String) {
        #expect(!Diagnosis.isWellFormed(code))
    }

    @Test func aTypedSignatureMustBeThePatientsName() {
        let patient = Self.patient()
        #expect(Consent.typedName("jose  nunez ortega", matches: patient))
        #expect(Consent.typedName("Núñez Ortega, José", matches: patient))
        #expect(!Consent.typedName("José", matches: patient))
        #expect(!Consent.typedName("Jose Nunez", matches: patient))
    }

    @Test func aConsultationRequestNeedsAWayToReachThePersonAndTheirConsent() {
        #expect(throws: ValidationError([FieldError("phone", "give a telephone number or an email address so we can reach you"),
                                         FieldError("consentToContact", "must be given so the clinic may contact you")])) {
            try ConsultationRequestDraft(name: "Sam", phone: "", email: " ", preferredContactTime: nil, message: nil, consentToContact: false)
        }
        let request = ConsultationRequest(id: UUID(), name: "Maya de la Cruz", phone: "555 010 0123", email: nil,
                                          preferredContactTime: nil, message: nil, receivedAt: TestTime.now)
        #expect(request.patientForm.givenName == "Maya de la" && request.patientForm.familyName == "Cruz" && request.patientForm.phone == "555 010 0123")
    }

    @Test func theEpisodeIsMeasuredInWholeMonths() {
        let episode = DepressiveEpisode(startDate: CalendarDate("2025-11-22")!, severity: .moderate)
        #expect(episode.months(until: Self.today) == 11)
        #expect(episode.months(until: CalendarDate("2025-11-22")!) == 0)
    }

    @Test func theClinicEditsTheDrugTable() throws {
        let edit = try AntidepressantEdit.checked(genericName: " Gepirone ", drugClass: "other", minimumDailyDoseMg: 18.2, note: "")
        let table = AntidepressantTable.standard.applying([edit, AntidepressantEdit(genericName: "trazodone", drug: nil)])
        #expect(table.drug(named: "gepirone")?.minimumDailyDoseMg == 18.2 && table.drug(named: "trazodone") == nil)
        #expect(!table.isStandard(table.drug(named: "gepirone")!) && table.isStandard(table.drug(named: "sertraline")!))
    }
}
