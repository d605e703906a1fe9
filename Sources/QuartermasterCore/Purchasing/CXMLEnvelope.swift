/// One party's identity in a cXML header: `<Credential domain="NetworkID"><Identity>AN01…`.
public struct CXMLCredential: Sendable, Hashable, Codable {
    public var domain: String
    public var identity: String
    /// Only the sender's credential carries the shared secret agreed with the vendor.
    public var sharedSecret: String?

    public init(domain: String, identity: String, sharedSecret: String? = nil) {
        self.domain = domain
        self.identity = identity
        self.sharedSecret = sharedSecret
    }
}

/// What surrounds a cXML request: who sends it to whom, its unique payload ID and timestamp.
/// Passed in rather than made up, so the same input always renders the same document.
public struct CXMLEnvelope: Sendable, Hashable {
    public static let version = "1.2.063"

    public var payloadID: String
    /// Milliseconds since the epoch (UTC).
    public var timestamp: Int64
    public var from: CXMLCredential
    public var to: CXMLCredential
    public var sender: CXMLCredential
    public var userAgent: String
    /// Marks a request the vendor must not fulfil (`deploymentMode="test"`).
    public var isTest: Bool
    /// The language of names and descriptions (`xml:lang`).
    public var language: String

    public init(
        payloadID: String, timestamp: Int64, from: CXMLCredential, to: CXMLCredential, sender: CXMLCredential,
        userAgent: String = "Quartermaster", isTest: Bool = false, language: String = "en-US"
    ) {
        self.payloadID = payloadID
        self.timestamp = timestamp
        self.from = from
        self.to = to
        self.sender = sender
        self.userAgent = userAgent
        self.isTest = isTest
        self.language = language
    }

    /// A payload ID in the customary form `<timestamp>.<unique>@<domain>`, e.g. from the PO number
    /// and version, which keeps retries of one submission recognisable.
    public static func payloadID(timestamp: Int64, unique: String, domain: String) -> String {
        "\(timestamp).\(unique)@\(domain)"
    }

    /// Writes `<cXML …><Header>…</Header><Request>…</Request></cXML>` with `body` inside the
    /// request, naming the DTD (`cXML.dtd` or `Fulfill.dtd`) the document conforms to.
    func document(dtd: String, body: (inout XMLWriter) -> Void) -> String {
        var xml = XMLWriter(doctype: #"cXML SYSTEM "http://xml.cxml.org/schemas/cXML/\#(Self.version)/\#(dtd)""#)
        xml.element(
            "cXML", ["payloadID": payloadID, "timestamp": ISO8601DateTime.format(timestamp), "version": Self.version, "xml:lang": language]
        ) { xml in
            xml.element("Header") { xml in
                xml.element("From") { Self.write(from, to: &$0) }
                xml.element("To") { Self.write(to, to: &$0) }
                xml.element("Sender") { xml in
                    Self.write(sender, to: &xml)
                    xml.leaf("UserAgent", userAgent)
                }
            }
            xml.element("Request", ["deploymentMode": isTest ? "test" : "production"], content: body)
        }
        return xml.document
    }

    private static func write(_ credential: CXMLCredential, to xml: inout XMLWriter) {
        xml.element("Credential", ["domain": credential.domain]) { xml in
            xml.leaf("Identity", credential.identity)
            xml.leaf("SharedSecret", credential.sharedSecret)
        }
    }
}
