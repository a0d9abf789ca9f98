package io.securemessenger.server.host;

import io.securemessenger.smtp.RefuseOverlongLineHook;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.smtpserver.ExtendedSMTPSession;
import org.apache.james.smtpserver.netty.SMTPChannelInboundHandler;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;

/**
 * James' SMTP server, answering one reply per command also when a line of DATA is longer than
 * it reads (8192 bytes). James' own session answers such a line at once with {@code 500 Line
 * length exceeded} and goes on reading the message, then answers the end of DATA too, usually
 * {@code 250}: two replies to one command, and a message delivered without that line. Here the
 * session stays silent at the line and records it on the transaction; {@link RefuseOverlongLineHook}
 * then refuses the message whole at the end of DATA. Outside DATA (an over-long command) James'
 * answer is kept.
 *
 * <p>It also enforces the listener's {@code connectionLimit}, {@code connectionLimitPerIP} and
 * {@code connectiontimeout} through {@link SmtpConnectionGuard}: a {@code 421} reply instead of
 * James' silent close, and the timeout as a deadline for each line as well as for silence.
 */
final class OneReplySmtpServer extends SMTPServer {
    private final SmtpMetrics metrics;
    private SMTPProtocol protocol;
    private SmtpConnectionGuard.Connections connections;
    private long lineDeadlineMillis;

    OneReplySmtpServer(SmtpMetrics metrics) {
        super(metrics);
        this.metrics = metrics;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        // James' connectionLimit, connectionLimitPerIP and connectiontimeout, enforced here with a 421 reply
        // (James' own limits close the connection without a word) and the timeout also as each line's deadline.
        connections = new SmtpConnectionGuard.Connections(connectionLimit, connPerIP);
        lineDeadlineMillis = getTimeout() * 1000L;
        connectionLimit = 0;
        connPerIP = 0;
    }

    @Override
    protected ChannelHandlerFactory createFrameHandlerFactory() {
        ChannelHandlerFactory framer = super.createFrameHandlerFactory();
        return pipeline -> {
            // Ahead of James' line reader: it sees the bytes as they come (after TLS, which goes first).
            pipeline.addLast("securemessenger-connection-guard", new SmtpConnectionGuard(connections, lineDeadlineMillis, getHeloName()));
            return framer.create(pipeline);
        };
    }

    @Override
    protected synchronized ChannelInboundHandlerAdapter createCoreHandler() {
        if (protocol == null) {
            SMTPConfiguration configuration = new SMTPHandlerConfigurationDataImpl();
            protocol = new SMTPProtocol(getProtocolHandlerChain(), configuration) {
                @Override
                public ProtocolSession newSession(ProtocolTransport transport) {
                    return new OneReplySession(configuration, transport);
                }
            };
        }
        return new SMTPChannelInboundHandler(protocol, getEncryption(), proxyRequired, metrics);
    }

    /** James' session, silent at an over-long line of DATA, and clear about the size limit. */
    static final class OneReplySession extends ExtendedSMTPSession {
        /**
         * James 3.8.1 answers a message over {@code maxmessagesize} with "552 Quota exceeded", which reads as a
         * full mailbox, and drops the reply its own size hook computed (RFC 3463's 5.3.4). The DATA line handler's
         * answers reach the client without passing James' result handlers, so it is put right here.
         */
        static final Response TOO_BIG = new SMTPResponse("552", DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SYSTEM_MSG_TOO_BIG)
            + " Message size exceeds fixed maximum message size").immutable();

        OneReplySession(SMTPConfiguration configuration, ProtocolTransport transport) {
            super(configuration, transport);
        }

        @Override
        public <T extends ProtocolSession> void pushLineHandler(LineHandler<T> handler) {
            super.pushLineHandler((LineHandler<T>) (session, line) -> clarify(handler.onLine(session, line)));
        }

        static Response clarify(Response response) {
            if (response != null && "552".equals(response.getRetCode()) && response.getLines().size() == 1
                && response.getLines().get(0).toString().endsWith(" Quota exceeded")) {
                return TOO_BIG;
            }
            return response;
        }

        @Override
        public Response newLineTooLongResponse() {
            // James' DATA handler gives the session a message writer until the end of DATA (resetState clears it).
            if (getMimeMessageWriter() != null) {
                setAttachment(RefuseOverlongLineHook.LINE_TOO_LONG, true, State.Transaction);
                return null;
            }
            return super.newLineTooLongResponse();
        }
    }
}
