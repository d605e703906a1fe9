/// A cXML `<Response><Status code text>message</Status></Response>`: what a vendor answers to our
/// OrderRequest, and what we answer to a vendor's ConfirmationRequest or ShipNoticeRequest.
///
/// Codes follow HTTP: 200 OK, 201 Accepted (to be processed later), 204 No Content; 4xx: the
/// request is wrong and will not succeed as sent; 5xx: the server failed, except 551 (the request
/// can never be forwarded).
public struct CXMLResponse: Sendable, Hashable {
    public var code: Int
    public var text: String
    /// The human-readable detail inside `<Status>`, if any.
    public var message: String

    public init(code: Int, text: String, message: String = "") {
        self.code = code
        self.text = text
        self.message = message
    }

    public var isSuccess: Bool { (200...299).contains(code) }

    /// Reads `<cXML><Response><Status …/></Response></cXML>`.
    public static func parse(_ bytes: some Collection<UInt8>) throws(CXMLReadError) -> CXMLResponse {
        guard let status = try XMLReader.Element.cXMLRoot(in: bytes).descendant("Response", "Status") else {
            throw CXMLReadError("expected cXML/Response/Status")
        }
        let code = try status.integer("code")
        return CXMLResponse(code: code, text: status["text"] ?? "", message: status.trimmedText)
    }

    /// The response document, under `payloadID`, at `timestamp` (milliseconds since the epoch).
    public func render(payloadID: String, timestamp: Int64, language: String = "en-US") -> String {
        var xml = XMLWriter(doctype: #"cXML SYSTEM "http://xml.cxml.org/schemas/cXML/\#(CXMLEnvelope.version)/cXML.dtd""#)
        xml.element(
            "cXML",
            ["payloadID": payloadID, "timestamp": ISO8601DateTime.format(timestamp), "version": CXMLEnvelope.version, "xml:lang": language]
        ) { xml in
            xml.element("Response") { xml in
                if message.isEmpty {
                    xml.empty("Status", ["code": String(code), "text": text])
                } else {
                    xml.leaf("Status", ["code": String(code), "text": text, "xml:lang": language], message)
                }
            }
        }
        return xml.document
    }
}
