package io.securemessenger.server.host;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import javax.inject.Inject;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

/** James' SMTP listeners, built as {@link OneReplySmtpServer}s: one reply per command. Overrides James' SMTPServerModule binding. */
public final class OneReplySmtpModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SMTPServerFactory.class).to(Factory.class);
        bind(Factory.class).in(Scopes.SINGLETON);
    }

    static final class Factory extends SMTPServerFactory {
        @Inject
        Factory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem, MetricFactory metricFactory) {
            super(dns, loader, fileSystem, metricFactory);
        }

        @Override
        protected SMTPServer createServer() {
            return new OneReplySmtpServer(smtpMetrics);
        }
    }
}
