import Foundation

/// Who a protocol is for, checked when a course is planned (clinical-safety issue, finding 9: a
/// course was planned for a 16-year-old, with no depressive-disorder diagnosis and no TRD verdict).
/// Esketamine is held to its label, with no override: adults (18 and over) with major depressive
/// disorder — treatment-resistant for `esketamine-trd` (at least two adequate antidepressant trials
/// failed in the current episode), with acute suicidal ideation or behaviour for `esketamine-mdsi`
/// (Spravato US label, indications; clinical reference §2). Racemic ketamine for depression is
/// off-label for everyone, so outside adult MDD a prescriber may go on with a written reason.
public enum CourseIndication {
    /// ICD-10-CM major depressive disorder: F32 (single episode) and F33 (recurrent).
    public static func hasMajorDepression(_ patient: Patient) -> Bool {
        patient.diagnoses.contains { $0.code.uppercased().hasPrefix("F32") || $0.code.uppercased().hasPrefix("F33") }
    }

    /// `indicationNote` and `indicationOverride` arrive trimmed and bounded (at most 1000 characters).
    public static func unmet(_ treatmentProtocol: TreatmentProtocol, patient: Patient, treatmentResistant: Bool, indicationNote: String?,
                             indicationOverride: String?, today: CalendarDate) -> [FieldError] {
        let age = patient.age(on: today), adult = age >= 18, mdd = hasMajorDepression(patient)
        var unmet: [FieldError] = []
        if treatmentProtocol.drug == .esketamine {
            if !adult { unmet.append(FieldError("birthDate", "the patient is \(age); esketamine is labelled for adults, 18 and over")) }
            if !mdd {
                unmet.append(FieldError("diagnoses", "no major depressive disorder (ICD-10-CM F32 or F33) on the record; esketamine is labelled for MDD"))
            }
            let noted = (indicationNote?.count ?? 0) >= 5
            // A copy names the version it was made from ("esketamine-mdsi v1"); a copy of a copy's
            // indication is not known here, so either indication's evidence will do for it.
            switch treatmentProtocol.basedOn.map({ String($0.prefix { $0 != " " }) }) ?? treatmentProtocol.id {
            case ProtocolLibrary.esketamineTRD.id where !treatmentResistant:
                unmet.append(FieldError("treatmentResistance",
                                        "the record does not show treatment-resistant depression (at least 2 adequate antidepressant trials failed in this episode), which this indication needs"))
            case ProtocolLibrary.esketamineMDSI.id where !noted:
                unmet.append(FieldError("indicationNote", "must describe the acute suicidal ideation or behaviour this indication is for (5 to 1000 characters)"))
            case ProtocolLibrary.esketamineTRD.id, ProtocolLibrary.esketamineMDSI.id:
                break
            default:
                if !treatmentResistant && !noted {
                    unmet.append(FieldError("indicationNote", "the record shows no treatment-resistant depression: describe the acute suicidal ideation or behaviour this course is for"))
                }
            }
        } else if !adult || !mdd, (indicationOverride?.count ?? 0) < 5 {
            let why = [adult ? nil : "the patient is \(age)", mdd ? nil : "no major depressive disorder (F32 or F33) is on the record"]
                .compactMap { $0 }.joined(separator: " and ")
            unmet.append(FieldError("indicationOverride", "\(why): outside adult major depression a prescriber must give the reason to go on (5 to 1000 characters)"))
        }
        return unmet
    }
}
