/// The HTML pages. Forms post back to the page they came from.
enum PageEndpoints {
    static let signIn = Endpoint(.get, "/sign-in", .page, .open, "Sign-in page", .init(mediaType: "text/html"))
    static let submitSignIn = Endpoint(.post, "/sign-in", .page, .open, "Sign in with email and password",
                                       .init(status: 303))
    static let signOut = Endpoint(.post, "/sign-out", .page, .signedIn, "Sign out and end the session", .init(status: 303))
    static let home = Endpoint(.get, "/", .page, .signedIn, "Home page", .init(mediaType: "text/html"))
    static let users = Endpoint(.get, "/users", .page, .permission(.manageUsers), "Users page", .init(mediaType: "text/html"))
    static let createUser = Endpoint(.post, "/users", .page, .permission(.manageUsers), "Create a user from the form",
                                     .init(status: 303))
    static let changeUser = Endpoint(.post, "/users/{id}", .page, .permission(.manageUsers),
                                     "Change a user's role or active flag from the form", .init(status: 303))
    static let sites = Endpoint(.get, "/sites", .page, .permission(.manageSettings),
                                "The network's sites: each one's time zone, chairs, hours, closed dates, DEA registration, REMS certification and crisis line", html)
    static let createSite = Endpoint(.post, "/sites", .page, .permission(.manageSettings), "Add a site", posted)
    static let changeSite = Endpoint(.post, "/sites/{id}", .page, .permission(.manageSettings), "Save a site's settings", posted)
    static let chooseSite = Endpoint(.post, "/site", .page, .signedIn, "Work at another of your sites", posted)
    static let network = Endpoint(.get, "/network", .page, .permission(.viewNetwork),
                                  "The network view: each site's day, REMS forms, stock warnings and open discrepancies", html)
    static let audit = Endpoint(.get, "/audit", .page, .permission(.readAuditTrail), "Audit log page with filters",
                                .init(mediaType: "text/html", query: AuditAPI.filterQuery + UsersAPI.pageQuery))

    static let html = EndpointDocumentation(mediaType: "text/html")
    /// A page of one site's records: the current site's, or another's the user may see.
    static let sitePage = EndpointDocumentation(mediaType: "text/html", query: [.site])
    static let posted = EndpointDocumentation(status: 303)

    // The controlled-substance ledger.
    static let inventory = Endpoint(.get, "/inventory", .page, .permission(.viewLedger),
                                    "Controlled-substance stock: balances per product and lot, expiry warnings at 30, 60 and 90 days, open discrepancies", sitePage)
    static let receiveStock = Endpoint(.get, "/inventory/receive", .page, .permission(.recordLedger), "Receive stock: a lot and its receipt; add a product", html)
    static let submitReceipt = Endpoint(.post, "/inventory/receive", .page, .permission(.recordLedger), "Receive a lot with its receipt entry", posted)
    static let addProduct = Endpoint(.post, "/inventory/products", .page, .permission(.recordLedger), "Add a product to the catalogue", posted)
    static let ledgerEntry = Endpoint(.get, "/inventory/entry", .page, .permission(.recordLedger),
                                      "Record a ledger entry (waste with a witness on the same screen, destruction with two, transfer, adjustment, loss or theft)",
                                      .init(mediaType: "text/html", query: [
                                          QueryParameter("type", "string", "The entry's type, preselected"), QueryParameter("lotId", "string", format: "uuid", "The lot"),
                                          QueryParameter("quantity", "number", "The quantity proposed"),
                                          QueryParameter("sessionId", "string", format: "uuid", "The dosing session it belongs to"),
                                          QueryParameter("patientId", "string", format: "uuid", "The patient"),
                                      ]))
    static let recordEntry = Endpoint(.post, "/inventory/entry", .page, .permission(.recordLedger), "Record a ledger entry", posted)
    static let stockCount = Endpoint(.get, "/inventory/count", .page, .permission(.recordLedger), "The end-of-day count of every lot", html)
    static let submitCount = Endpoint(.post, "/inventory/count", .page, .permission(.recordLedger), "Record the counts; a differing count opens a discrepancy", posted)
    static let physicalInventory = Endpoint(.get, "/inventory/physical", .page, .permission(.recordLedger),
                                            "Take the initial or biennial physical inventory; the inventories taken and when the next is due", html)
    static let takeInventory = Endpoint(.post, "/inventory/physical", .page, .permission(.recordLedger),
                                        "Record and sign a physical inventory of every lot on hand", posted)
    static let transfer = Endpoint(.get, "/inventory/transfer", .page, .permission(.recordLedger), "Transfer stock to another site of the network", html)
    static let submitTransfer = Endpoint(.post, "/inventory/transfer", .page, .permission(.recordLedger),
                                         "Record a transfer: an entry out here and a receipt at the other site", posted)
    static let discrepancies = Endpoint(.get, "/inventory/discrepancies", .page, .permission(.viewLedger), "The discrepancy queue", sitePage)
    static let resolveDiscrepancy = Endpoint(.post, "/inventory/discrepancies/{id}", .page, .permission(.resolveDiscrepancies),
                                             "Resolve a discrepancy with the reason found", posted)
    static let ledger = Endpoint(.get, "/inventory/ledger", .page, .permission(.viewLedger),
                                 "The ledger filtered by product, lot, patient, type and date; format=csv downloads it",
                                 .init(mediaType: "text/html", query: LedgerAPI.filterQuery + UsersAPI.pageQuery + [QueryParameter("format", "string", "`csv` to download"), .site]))
    static let ledgerReport = Endpoint(.get, "/inventory/reports/{report}", .page, .permission(.viewLedger),
                                       "DEA records, printable or as CSV: administrations, inventory, destructions, losses, discrepancies",
                                       .init(mediaType: "text/html", query: [
                                           QueryParameter("from", "string", format: "date", "First day"), QueryParameter("through", "string", format: "date", "Last day"),
                                           QueryParameter("inventoryId", "string", format: "uuid", "Inventory: which physical inventory (default the latest)"),
                                           QueryParameter("format", "string", "`csv` to download"), .site,
                                       ]))

    // The public consultation form: no sign-in.
    static let consult = Endpoint(.get, "/consult", .page, .open, "Public consultation-request form", html)
    static let submitConsult = Endpoint(.post, "/consult", .page, .open, "Send a consultation request", posted)
    static let consultThanks = Endpoint(.get, "/consult/thanks", .page, .open, "What happens next, and where to get help now", html)
    static let consultationRequests = Endpoint(.get, "/consultation-requests", .page, .permission(.handleConsultationRequests),
                                               "The front desk's queue of consultation requests", html)
    static let markConsultationRequest = Endpoint(.post, "/consultation-requests/{id}", .page, .permission(.handleConsultationRequests),
                                                  "Mark a request contacted or declined", posted)

    static let patients = Endpoint(.get, "/patients", .page, .permission(.viewDemographics), "Patient list with search",
                                   .init(mediaType: "text/html", query: [QueryParameter("query", "string", "Name, MRN or date of birth")]))
    static let newPatient = Endpoint(.get, "/patients/new", .page, .permission(.editDemographics),
                                     "Registration form (prefilled from a consultation request with `?fromRequest=`)", html)
    static let createPatient = Endpoint(.post, "/patients", .page, .permission(.editDemographics), "Register a patient from the form", posted)
    static let chart = Endpoint(.get, "/patients/{id}", .page, .permission(.viewDemographics),
                                "Patient chart: header, treatment resistance, eligibility, consents", html)
    static let editPatient = Endpoint(.get, "/patients/{id}/edit", .page, .permission(.editDemographics), "Demographics form", html)
    static let updatePatient = Endpoint(.post, "/patients/{id}/edit", .page, .permission(.editDemographics), "Save demographics from the form", posted)
    static let addTrial = Endpoint(.post, "/patients/{id}/medication-trials", .page, .permission(.documentClinical),
                                   "Record an antidepressant trial from the chart", posted)
    static let addOtherTreatment = Endpoint(.post, "/patients/{id}/other-treatments", .page, .permission(.documentClinical),
                                            "Record other treatment from the chart", posted)
    static let setEpisode = Endpoint(.post, "/patients/{id}/current-episode", .page, .permission(.documentClinical),
                                     "Record the current episode from the chart", posted)
    static let screening = Endpoint(.get, "/patients/{id}/screening", .page, .permission(.documentClinical), "Screening checklist form", html)
    static let saveScreening = Endpoint(.post, "/patients/{id}/screening", .page, .permission(.documentClinical), "Save the screening", posted)
    static let signEligibility = Endpoint(.post, "/patients/{id}/eligibility/sign", .page, .permission(.signDecisions),
                                          "Sign the eligibility decision for a route", posted)
    static let consent = Endpoint(.get, "/patients/{id}/consent", .page, .permission(.documentClinical),
                                  "Consent page for the patient to read and sign on a tablet",
                                  .init(mediaType: "text/html", query: [QueryParameter("route", "string", "The treatment route")]))
    static let recordConsent = Endpoint(.post, "/patients/{id}/consent", .page, .permission(.documentClinical),
                                        "Record the patient's consent", posted)
    static let withdrawConsent = Endpoint(.post, "/patients/{id}/consents/{consentId}/withdraw", .page, .permission(.documentClinical),
                                          "Record a withdrawal of consent", posted)

    static let settings = Endpoint(.get, "/settings", .page, .permission(.manageSettings),
                                   "Clinic settings, the antidepressant table and consent templates", html)
    static let saveSettings = Endpoint(.post, "/settings", .page, .permission(.manageSettings), "Save clinic settings", posted)
    static let saveAntidepressant = Endpoint(.post, "/settings/antidepressants", .page, .permission(.manageSettings),
                                             "Add or change a drug in the antidepressant table", posted)
    static let publishConsentTemplate = Endpoint(.post, "/settings/consent-templates", .page, .permission(.manageSettings),
                                                 "Publish a new consent-template version", posted)

    // Measures
    static let newAssessment = Endpoint(.get, "/patients/{id}/assessments/new", .page, .permission(.documentClinical),
                                        "Enter a rating scale's answers, laid out as on paper",
                                        .init(mediaType: "text/html", query: [QueryParameter("instrument", "string", "The instrument id")]))
    static let recordAssessment = Endpoint(.post, "/patients/{id}/assessments", .page, .permission(.documentClinical),
                                           "Record a measure from the form", posted)
    static let sendMeasure = Endpoint(.post, "/patients/{id}/measure-requests", .page, .permission(.documentClinical),
                                      "Send a measure to the patient as a link; shows the link once when staff are to pass it on", html)
    static let addMeasurementPlan = Endpoint(.post, "/patients/{id}/measurement-plans", .page, .permission(.documentClinical),
                                             "Start a measurement plan from the chart", posted)
    static let stopMeasurementPlan = Endpoint(.post, "/patients/{id}/measurement-plans/{planId}/stop", .page, .permission(.documentClinical),
                                              "Stop a measurement plan", posted)
    static let progress = Endpoint(.get, "/patients/{id}/progress", .page, .permission(.viewClinical),
                                   "Printable progress report: every scale's trajectory, outcome and scores", html)
    static let alerts = Endpoint(.get, "/alerts", .page, .permission(.viewClinical), "Suicidality alerts: open first, then recently acknowledged", html)
    static let acknowledgeAlert = Endpoint(.post, "/alerts/{id}/acknowledge", .page, .permission(.documentClinical),
                                           "Acknowledge an alert with the action taken", posted)
    static let measures = Endpoint(.get, "/measures", .page, .permission(.viewClinical),
                                   "Measurement plans across the clinic: due, sent, completed and overdue", html)
    static let measureLink = Endpoint(.get, "/m/{token}", .page, .open, "A measure sent to a patient, answered without signing in", html)
    static let submitMeasureLink = Endpoint(.post, "/m/{token}", .page, .open, "Send the patient's answers", html)

    // Courses and the chair board
    static let planCourse = Endpoint(.post, "/patients/{id}/courses", .page, .permission(.prescribe), "Start a course from the chart", posted)
    static let course = Endpoint(.get, "/courses/{id}", .page, .permission(.viewClinical),
                                 "A course: plan, bookings, dose orders, preparation, plasma preview and booster advice", html)
    static let courseStatus = Endpoint(.post, "/courses/{id}/status", .page, .permission(.prescribe), "Start, pause, complete or stop a course", posted)
    static let orderDose = Endpoint(.post, "/courses/{id}/dose-orders", .page, .permission(.prescribe), "Order a dose change with a reason", posted)
    static let decideAdvice = Endpoint(.post, "/courses/{id}/advice", .page, .permission(.prescribe), "Accept or dismiss booster advice", posted)
    static let bookCourse = Endpoint(.get, "/courses/{id}/book", .page, .permission(.manageSchedule),
                                     "Free slots proposed for a course's unbooked sessions", html)
    static let confirmBooking = Endpoint(.post, "/courses/{id}/book", .page, .permission(.manageSchedule), "Book the proposed slots", posted)
    static let board = Endpoint(.get, "/schedule", .page, .permission(.viewSchedule), "The chair board: one column per chair for a day", sitePage)
    static let week = Endpoint(.get, "/schedule/week", .page, .permission(.viewSchedule), "The week's bookings, day by day", sitePage)
    static let appointment = Endpoint(.get, "/appointments/{id}", .page, .permission(.viewSchedule), "One booking, to reschedule or cancel", html)
    static let rescheduleAppointment = Endpoint(.post, "/appointments/{id}", .page, .permission(.manageSchedule), "Reschedule with a reason", posted)
    static let cancelAppointment = Endpoint(.post, "/appointments/{id}/cancel", .page, .permission(.manageSchedule), "Cancel with a reason", posted)
    static let recordAttendance = Endpoint(.post, "/appointments/{id}/attendance", .page, .permission(.manageSchedule),
                                           "Record a visit's arrival, a no-show or a late cancellation", posted)
    static let assignStaff = Endpoint(.post, "/appointments/{id}/staff", .page, .permission(.manageSchedule), "Assign the clinicians for a booking", posted)
    static let newVisit = Endpoint(.get, "/patients/{id}/visits", .page, .permission(.manageSchedule),
                                   "Book a consultation or review (a visit without a dose)", html)
    static let bookVisit = Endpoint(.post, "/patients/{id}/visits", .page, .permission(.manageSchedule), "Book the visit", posted)
    static let startSession = Endpoint(.post, "/appointments/{id}/session", .page, .permission(.documentClinical),
                                       "Check the patient in: open the booked dosing session", posted)
    static let session = Endpoint(.get, "/sessions/{id}", .page, .permission(.viewClinical),
                                  "A dosing session: readiness, BP gate, dose, vitals and alerts, side effects, discharge", html)
    static let sessionAction = Endpoint(.post, "/sessions/{id}", .page, .permission(.documentClinical),
                                        "Document the session: a move, the checklist, an acknowledgement, the dose, vitals, a side effect, sign-off", posted)
    static let safetyReviews = Endpoint(.get, "/patients/{id}/safety-reviews", .page, .permission(.viewClinical),
                                        "The periodic safety review of repeated dosing: due or not, the reviews so far, and the checklist", html)
    static let recordSafetyReview = Endpoint(.post, "/patients/{id}/safety-reviews", .page, .permission(.documentClinical),
                                             "Record a safety review", posted)
    static let remsQueue = Endpoint(.get, "/rems", .page, .permission(.viewClinical),
                                    "Esketamine REMS monitoring forms: due within 7 days of each session, submitted or overdue", sitePage)
    static let remsForm = Endpoint(.get, "/sessions/{id}/rems", .page, .permission(.viewClinical), "The printable esketamine REMS monitoring form", html)
    static let protocols = Endpoint(.get, "/protocols", .page, .signedIn, "The protocol library", html)
    static let createProtocol = Endpoint(.post, "/protocols", .page, .permission(.manageSettings), "Copy a protocol as a clinic protocol", posted)
    static let reviseProtocol = Endpoint(.post, "/protocols/{id}", .page, .permission(.manageSettings), "Save a clinic protocol's next version", posted)
    static let signProtocol = Endpoint(.post, "/protocols/{id}/signature", .page, .permission(.prescribe),
                                       "Sign a clinic protocol's newest version so new courses follow it", posted)
}
