package io.securemessenger.server.host.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets that check, during the handshake, that the server's certificate is for the host name
 * or IP address we connected to (the JDK's endpoint identification, RFC 2818/6125 rules: DNS names,
 * one leftmost wildcard, IP-address SANs), with the JVM's default trust (the system's CAs and
 * {@code --trust-store}'s).
 *
 * <p>JavaMail 1.6's own check ({@code mail.smtp.ssl.checkserveridentity}) reaches for
 * {@code sun.security.util.HostnameChecker} by reflection, which Java 17 refuses without
 * {@code --add-exports}; its fallback matches DNS names only, so a smarthost given as an IP address
 * with a matching IP SAN was refused ("Can't verify identity of server: 127.0.0.1").
 * {@link SMTPTransport} uses this factory instead, wherever RemoteDelivery asks to verify.
 */
public final class IdentityCheckingSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    private IdentityCheckingSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /** What JavaMail calls ({@code mail.smtp.ssl.socketFactory.class}): one over the JVM's current default context. */
    public static SocketFactory getDefault() {
        try {
            return new IdentityCheckingSocketFactory(SSLContext.getDefault().getSocketFactory());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    private static Socket identifying(Socket socket) {
        SSLSocket tls = (SSLSocket) socket;
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        return tls;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return identifying(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return identifying(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return identifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return identifying(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return identifying(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return identifying(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
