import NIOCore

/// The first handler of every test connection. A close started here goes straight to the socket,
/// skipping the TLS handler's close_notify (and its wait for the peer's): what `.resetMidResponse`
/// and `shutdown()` need. Everything else passes through untouched.
final class ConnectionAborter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// Fired with `channel.pipeline.fireUserInboundEventTriggered`, which reaches this handler first.
    struct Abort: Sendable {
        /// Sets SO_LINGER 0 first, so the close sends an RST instead of a FIN.
        let reset: Bool
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let abort = event as? Abort else {
            return context.fireUserInboundEventTriggered(event)
        }
        if abort.reset, let socket = context.channel as? any SocketOptionProvider {
            // On the event loop this sets the option synchronously, before the close below.
            _ = socket.setSoLinger(NIOLinger(l_onoff: 1, l_linger: 0))
        }
        context.close(promise: nil)
    }
}
