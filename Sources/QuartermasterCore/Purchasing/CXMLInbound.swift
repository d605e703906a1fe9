/// A cXML document a vendor POSTs to our cXML endpoint, read once: the payload ID (unique per
/// document, so a redelivery is recognised), the sender's credential and shared secret (checked
/// before anything in the request is acted on), and the request it carries — a
/// `ConfirmationRequest` or a `ShipNoticeRequest`, or why it could not be read.
public struct CXMLInbound: Sendable, Hashable {
    public enum Document: Sendable, Hashable {
        case confirmation(OrderConfirmation)
        case shipNotice(ShipNotice)
    }

    public var payloadID: String
    /// The sender's identity (`Header/Sender/Credential/Identity`).
    public var senderIdentity: String?
    /// The secret the sender presents (`Header/Sender/Credential/SharedSecret`).
    public var sharedSecret: String?
    /// The request, or why it cannot be acted on (kept apart from the envelope, so an
    /// authenticated sender's unreadable request can be recorded under its payload ID).
    public var document: Result<Document, CXMLReadError>

    /// Reads the document; throws only when there is no cXML envelope with a payload ID to
    /// answer to.
    public static func parse(_ bytes: some Collection<UInt8>) throws(CXMLReadError) -> CXMLInbound {
        let root = try XMLReader.Element.cXMLRoot(in: bytes)
        guard let payloadID = root["payloadID"]?.trimmingWhitespace(), !payloadID.isEmpty else {
            throw CXMLReadError("<cXML> has no payloadID")
        }
        let credential = root.descendant("Header", "Sender", "Credential")
        return CXMLInbound(
            payloadID: String(payloadID.prefix(500)),
            senderIdentity: credential?.child("Identity")?.trimmedText,
            sharedSecret: credential?.child("SharedSecret")?.trimmedText,
            document: Result { () throws(CXMLReadError) -> Document in try Self.document(in: root) })
    }

    /// The request inside the root: a confirmation or a ship notice.
    static func document(in root: XMLReader.Element) throws(CXMLReadError) -> Document {
        guard let request = root.child("Request"), let body = request.children.first else {
            throw CXMLReadError("expected cXML/Request with a request inside")
        }
        switch body.name {
        case "ConfirmationRequest": return .confirmation(try CXMLConfirmation.read(body))
        case "ShipNoticeRequest": return .shipNotice(try CXMLShipNotice.read(body))
        default: throw CXMLReadError("cannot act on a \(body.name); this endpoint takes ConfirmationRequest and ShipNoticeRequest")
        }
    }
}
