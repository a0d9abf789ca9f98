package io.securemessenger.server.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SMTP connection's guard, ahead of James' line reader: it admits the connection only while the
 * listener has fewer than its limit of connections in all and from the client's address, and it gives
 * every line — a command or a line of message data — a deadline from its first byte. A client over a
 * limit, or too slow to finish a line (one byte a second keeps an idle timer alive, not this), is told
 * {@code 421} and disconnected; James' own limits close the connection without a word.
 */
final class SmtpConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtpConnectionGuard.class);

    /** The connections of one listener, in all and per client address. */
    static final class Connections {
        private final int limit;
        private final int limitPerAddress;
        private final Map<String, Integer> perAddress = new HashMap<>();
        private int total;

        Connections(int limit, int limitPerAddress) {
            this.limit = limit;
            this.limitPerAddress = limitPerAddress;
        }

        /** Counts a new connection in; empty when it is admitted, else why not. */
        synchronized String admit(String address) {
            if (limit > 0 && total >= limit) {
                return "Too many connections, try again later";
            }
            int mine = perAddress.getOrDefault(address, 0);
            if (limitPerAddress > 0 && mine >= limitPerAddress) {
                return "Too many connections from your address, try again later";
            }
            total++;
            perAddress.put(address, mine + 1);
            return "";
        }

        synchronized void release(String address) {
            total--;
            perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }

        synchronized int total() {
            return total;
        }
    }

    private final Connections connections;
    private final long lineDeadlineMillis;
    private final String serverName;
    private String address;
    private boolean admitted;
    private long lineStartedAt = -1;
    private boolean checkScheduled;

    SmtpConnectionGuard(Connections connections, long lineDeadlineMillis, String serverName) {
        this.connections = connections;
        this.lineDeadlineMillis = lineDeadlineMillis;
        this.serverName = serverName;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        address = ctx.channel().remoteAddress() instanceof InetSocketAddress
            ? ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress() : "unknown";
        String refusal = connections.admit(address);
        if (!refusal.isEmpty()) {
            LOGGER.warn("SMTP connection from {} refused: {}", address, refusal);
            refuse(ctx, "421 4.7.0 " + serverName + " " + refusal);
            return;
        }
        admitted = true;
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (admitted) {
            admitted = false;
            connections.release(address);
            super.channelInactive(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!admitted) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf && lineDeadlineMillis > 0) {
            ByteBuf bytes = (ByteBuf) msg;
            int readable = bytes.readableBytes();
            if (readable > 0) {
                int lastNewline = bytes.forEachByteDesc(b -> b != '\n');
                if (lastNewline < 0) {
                    // No line end in this chunk: a line goes on (or starts now).
                    startLine(ctx);
                } else if (lastNewline == bytes.writerIndex() - 1) {
                    lineStartedAt = -1;
                } else {
                    // Lines ended; the last one started with the bytes after the newline.
                    lineStartedAt = -1;
                    startLine(ctx);
                }
            }
        }
        super.channelRead(ctx, msg);
    }

    /**
     * A client whose TLS handshake fails (no cipher in common, a protocol too old): one WARN line and the
     * connection closes. James would log it at ERROR with a stack trace, for any client that cares to.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                LOGGER.warn("SMTP connection from {} closed: TLS handshake failed: {}", address, t.getMessage());
                ctx.close();
                return;
            }
        }
        super.exceptionCaught(ctx, cause);
    }

    private void startLine(ChannelHandlerContext ctx) {
        if (lineStartedAt < 0) {
            lineStartedAt = System.nanoTime();
        }
        if (!checkScheduled) {
            schedule(ctx, lineDeadlineMillis);
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayMillis) {
        checkScheduled = true;
        ctx.executor().schedule(() -> check(ctx), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        checkScheduled = false;
        if (!admitted || lineStartedAt < 0 || !ctx.channel().isActive()) {
            return;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lineStartedAt);
        if (waited < lineDeadlineMillis) {
            schedule(ctx, lineDeadlineMillis - waited);
            return;
        }
        LOGGER.warn("SMTP connection from {} closed: a line took longer than {} s", address, lineDeadlineMillis / 1000);
        refuse(ctx, "421 4.4.2 " + serverName + " Timeout: a line took longer than " + lineDeadlineMillis / 1000 + " seconds, closing");
    }

    private static void refuse(ChannelHandlerContext ctx, String reply) {
        ctx.writeAndFlush(Unpooled.copiedBuffer(reply + "\r\n", StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
    }
}
