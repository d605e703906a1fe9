import Foundation
import QuartermasterStore
import Testing

/// Base64 against Foundation's encoder, at every length of padding, and the decoder on text that is
/// not base64.
@Suite struct Base64Tests {
    @Test func encodesAndDecodesAsFoundationDoes() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Data(bytes).base64EncodedString()
            #expect(Base64.decode(text) == bytes, "length \(length)")
            #expect(Base64.encode(bytes) == text, "length \(length)")
        }
        let every = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Data(every).base64EncodedString()) == every)
        #expect(Base64.encode(every) == Data(every).base64EncodedString())
        #expect(Base64.decode("TWFu") == Array("Man".utf8))
        #expect(Base64.decode("TWE=") == Array("Ma".utf8))
        #expect(Base64.decode("TQ==") == Array("M".utf8))
    }

    @Test func refusesWhatIsNotBase64() {
        for text in ["TWF", "TW=u", "T===", "====", "TWFu\n", "TW Fu", "TWFu TWFu", "TQ==TWFu", "TWFu-_Fu", "éé==", "TWE=="] {
            #expect(Base64.decode(text) == nil, "\(text)")
        }
        #expect(Base64.decode("") == [])
    }
}
