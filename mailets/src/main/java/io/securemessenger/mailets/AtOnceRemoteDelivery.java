package io.securemessenger.mailets;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.james.transport.mailets.remote.delivery.ExecutionResult;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrer;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrerToHost;
import org.apache.james.transport.mailets.remote.delivery.RemoteDeliveryConfiguration;
import org.apache.james.util.DurationParser;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James' {@code RemoteDelivery}, with all its parameters and its {@code onSuccess} processor run at
 * once ({@link InlineSuccessRemoteDelivery}), that first tries to deliver a mail at once, in the thread
 * processing it, before putting it in its delivery queue. Only mail with one recipient is tried so,
 * and by default only mail a mailet wrote (a notification, a sender's confirmation, a DSN: James'
 * {@code SentByMailet}), which is small and written while the mail that caused it is still held by
 * the spool. The attempt is James' own ({@code MailDelivrer}, with this mailet's settings: TLS,
 * gateway, HELO name), with shorter time-outs. Delivered, the mail goes to {@code onSuccess} and
 * leaves no queue record; anything else (a refusal, a server down or slow, a TLS problem) puts the
 * mail in its delivery queue exactly as {@code RemoteDelivery} would have, whose attempts, retries,
 * bounces and DSNs then decide. When the next hop could not be reached (refused, timed out, TLS
 * failed), it is not tried at once again for {@code atOnceBackoff}, so a server down or slow holds
 * the spool once, not for every mail.
 *
 * <p>What it saves is a pass through the delivery queue per mail: a journal write and sync, a blob
 * file and a read back. Accepted mail stays as safe as before: until the mail is delivered or queued,
 * the mail that caused it is in the spool, which hands it out again should the server stop.
 *
 * <pre>{@code <mailet match="All" class="io.securemessenger.mailets.AtOnceRemoteDelivery">
 *     <outgoing>outgoing-notifications</outgoing>
 *     <atOnce>generated</atOnce>            <!-- generated (default), all or none -->
 *     <atOnceTimeout>15 seconds</atOnceTimeout>
 *     <atOnceBackoff>1 minute</atOnceBackoff>
 *     ... RemoteDelivery's parameters ...
 * </mailet>}</pre>
 */
public class AtOnceRemoteDelivery extends InlineSuccessRemoteDelivery {
    /** Set (to {@code true}) on a mail this mailet delivered at once, before its {@code onSuccess} processor runs. */
    public static final AttributeName DELIVERED_AT_ONCE = AttributeName.of("securemessenger.delivered-at-once");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration DEFAULT_BACKOFF = Duration.ofMinutes(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(AtOnceRemoteDelivery.class);

    /** Which mail is tried at once. */
    enum Scope {
        NONE, GENERATED, ALL
    }

    private final DNSService dnsServer;
    private final DomainList domainList;
    private final Clock clock;
    /** Next hops whose last attempt at once failed, and until when mail for them goes straight to the queue. */
    private final Map<String, Instant> backingOff = new ConcurrentHashMap<>();
    private Scope scope;
    private Duration backoff;
    /** The gateway every mail goes to, or empty when each goes to its recipient's domain. */
    private String gateway = "";
    private MailDelivrer atOnce;

    @Inject
    public AtOnceRemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metrics,
                                Provider<MailProcessor> processors) {
        this(dnsServer, domainList, queueFactory, metrics, processors, ThreadState.START_THREADS, Clock.systemUTC());
    }

    AtOnceRemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metrics,
                         Provider<MailProcessor> processors, ThreadState threads, Clock clock) {
        super(dnsServer, domainList, queueFactory, metrics, processors, threads);
        this.dnsServer = dnsServer;
        this.domainList = domainList;
        this.clock = clock;
    }

    @Override
    public void init(MailetConfig config) throws MessagingException {
        scope = scope(parameter(config, "atOnce", "generated"));
        Duration timeout = duration(config, "atOnceTimeout", DEFAULT_TIMEOUT);
        backoff = duration(config, "atOnceBackoff", DEFAULT_BACKOFF);
        super.init(config);
        if (scope != Scope.NONE) {
            String millis = String.valueOf(timeout.toMillis());
            // Without onSuccess: this mailet runs it once the mail is delivered, and never for a failed attempt.
            MailetConfig shorter = new Replacing(config, Map.of(RemoteDeliveryConfiguration.TIMEOUT, millis,
                RemoteDeliveryConfiguration.CONNECTIONTIMEOUT, millis, RemoteDeliveryConfiguration.ON_SUCCESS, ""));
            RemoteDeliveryConfiguration configuration = new RemoteDeliveryConfiguration(shorter, domainList);
            gateway = String.join(",", configuration.getGatewayServer());
            atOnce = new MailDelivrer(configuration, new MailDelivrerToHost(configuration, getMailetContext()), dnsServer,
                new Bouncer(configuration, getMailetContext()), getMailetContext());
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (triedAtOnce(mail)) {
            return;
        }
        super.service(mail);
    }

    /** Whether the mail was delivered at once (and is ghosted); false leaves it as it was, for the queue. */
    private boolean triedAtOnce(Mail mail) {
        if (atOnce == null || mail.getRecipients().size() != 1
            || (scope == Scope.GENERATED && mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isEmpty())) {
            return false;
        }
        String hop = gateway.isEmpty() ? mail.getRecipients().iterator().next().getDomain().asString() : gateway;
        Instant now = clock.instant();
        Instant until = backingOff.get(hop);
        if (until != null) {
            if (now.isBefore(until)) {
                return false;
            }
            backingOff.remove(hop, until);
        }
        List<MailAddress> recipients = new ArrayList<>(mail.getRecipients());
        ExecutionResult result = atOnce.deliver(mail);
        if (result.getExecutionState() != ExecutionResult.ExecutionState.SUCCESS) {
            // James' MailDelivrer may narrow the recipients to those it could not reach; the queue gets them all.
            mail.setRecipients(recipients);
            if (result.getException().map(AtOnceRemoteDelivery::unreachable).orElse(true)) {
                backingOff.put(hop, now.plus(backoff));
                LOGGER.info("Mail {} was not delivered at once to {}, which did not answer in time: queued; mail for it is queued "
                    + "without an attempt at once for {} s", mail.getName(), hop, backoff.toSeconds());
            } else {
                LOGGER.info("Mail {} was not delivered at once to {} ({}): queued", mail.getName(), hop, result.getExecutionState());
            }
            return false;
        }
        mail.setAttribute(new Attribute(DELIVERED_AT_ONCE, AttributeValue.of(true)));
        try {
            runOnSuccess(mail);
        } catch (MessagingException | RuntimeException e) {
            // Delivered: queueing it now would deliver it twice.
            LOGGER.warn("Mail {} was delivered at once, but its processor {} failed: {}", mail.getName(), onSuccess(), e.getClass().getSimpleName());
        }
        mail.setState(Mail.GHOST);
        return true;
    }

    /**
     * Whether the attempt failed for want of a working connection (refused, timed out, TLS failed)
     * rather than on the server's reply to the mail (a refused recipient, a full mailbox).
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; ) {
            if (cause instanceof IOException) {
                return true;
            }
            Throwable next = cause instanceof MessagingException && ((MessagingException) cause).getNextException() != null
                ? ((MessagingException) cause).getNextException() : cause.getCause();
            cause = next == cause ? null : next;
        }
        return false;
    }

    private static Scope scope(String value) throws MessagingException {
        try {
            return Scope.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("AtOnceRemoteDelivery: atOnce must be generated, all or none, not '" + value + "'");
        }
    }

    private static Duration duration(MailetConfig config, String name, Duration otherwise) throws MessagingException {
        String value = parameter(config, name, "");
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            Duration parsed = DurationParser.parse(value);
            if (parsed.isNegative() || parsed.isZero()) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new MessagingException("AtOnceRemoteDelivery: " + name + " must be a positive duration such as '15 seconds', not '" + value + "'");
        }
    }

    private static String parameter(MailetConfig config, String name, String otherwise) {
        String value = config.getInitParameter(name);
        return value == null ? otherwise : value.strip();
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: RemoteDelivery that delivers mail it is given at once when it can";
    }

    /** A mailet configuration with some parameters replaced, or left out where the replacement is empty. */
    private static final class Replacing implements MailetConfig {
        private final MailetConfig config;
        private final Map<String, String> replaced;

        Replacing(MailetConfig config, Map<String, String> replaced) {
            this.config = config;
            this.replaced = replaced;
        }

        @Override
        public String getInitParameter(String name) {
            if (!replaced.containsKey(name)) {
                return config.getInitParameter(name);
            }
            return replaced.get(name).isEmpty() ? null : replaced.get(name);
        }

        @Override
        public Iterator<String> getInitParameterNames() {
            List<String> names = new ArrayList<>();
            replaced.forEach((name, value) -> {
                if (!value.isEmpty()) {
                    names.add(name);
                }
            });
            config.getInitParameterNames().forEachRemaining(name -> {
                if (!replaced.containsKey(name)) {
                    names.add(name);
                }
            });
            return Collections.unmodifiableList(names).iterator();
        }

        @Override
        public MailetContext getMailetContext() {
            return config.getMailetContext();
        }

        @Override
        public String getMailetName() {
            return config.getMailetName();
        }
    }
}
