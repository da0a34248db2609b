import NIOCore
import NIOHTTP1

/// Reads one HTTP request per connection, has it recorded (which numbers it), asks the test what
/// to do and does it. Anything that does not parse as HTTP closes the connection.
final class TestServerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart

    /// Records a complete request and returns it numbered; shared by all connections of a server.
    typealias Recorder = @Sendable (
        _ method: String, _ uri: String, _ headers: HTTPHeaders, _ body: [UInt8]
    ) -> TestServer.Request

    private let record: Recorder
    private let behaviour: @Sendable (TestServer.Request) -> TestServer.Behaviour
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var answered = false

    init(record: @escaping Recorder, behaviour: @escaping @Sendable (TestServer.Request) -> TestServer.Behaviour) {
        self.record = record
        self.behaviour = behaviour
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.answered else { return }
        switch self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body = []
        case .body(let chunk):
            chunk.withUnsafeReadableBytes { self.body.append(contentsOf: $0) }
        case .end:
            guard let head = self.head else { return }
            self.answered = true
            let request = self.record(head.method.rawValue, head.uri, head.headers, self.body)
            self.behaviour(request).perform(for: request, on: context.channel)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
