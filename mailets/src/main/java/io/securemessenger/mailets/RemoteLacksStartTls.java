package io.securemessenger.mailets;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.sun.mail.smtp.SMTPTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Session;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recipients whose mail server does not offer STARTTLS: the "TLS or vault" fallback. Used after
 * a first delivery attempt that required STARTTLS failed: for each recipient domain it connects to
 * the server mail would go to (the {@code gateway} of the condition, otherwise the domain's best MX
 * on port 25), says EHLO and reads whether STARTTLS is offered; nothing is sent. A server that
 * offers STARTTLS (whatever else went wrong) or cannot be reached does not match: that mail is
 * retried as usual. Answers are remembered for ten minutes per server.
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.mailets.RemoteLacksStartTls=gateway=smarthost.example.org:25" class="ToProcessor">
 *     <processor>secure</processor>
 * </mailet>
 * }</pre>
 */
public class RemoteLacksStartTls extends GenericMatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(RemoteLacksStartTls.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    enum Answer { OFFERS_STARTTLS, NO_STARTTLS, UNREACHABLE }

    private final DNSService dns;
    private final Cache<String, Answer> answers = CacheBuilder.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();
    private Optional<String> gatewayHost = Optional.empty();
    private int gatewayPort = 25;

    @Inject
    public RemoteLacksStartTls(DNSService dns) {
        this.dns = dns;
    }

    @Override
    public void init() throws MessagingException {
        String condition = Optional.ofNullable(getCondition()).orElse("").strip();
        if (condition.isEmpty()) {
            return;
        }
        if (!condition.startsWith("gateway=")) {
            throw new MessagingException("RemoteLacksStartTls: the condition is empty or gateway=host:port, not '" + condition + "'");
        }
        String gateway = condition.substring("gateway=".length()).strip();
        int colon = gateway.lastIndexOf(':');
        try {
            gatewayHost = Optional.of(colon > 0 ? gateway.substring(0, colon) : gateway).filter(h -> !h.isBlank());
            gatewayPort = colon > 0 ? Integer.parseInt(gateway.substring(colon + 1)) : 25;
        } catch (NumberFormatException e) {
            throw new MessagingException("RemoteLacksStartTls: '" + gateway + "' is not host:port");
        }
        if (gatewayHost.isEmpty() || gatewayPort < 1 || gatewayPort > 65535) {
            throw new MessagingException("RemoteLacksStartTls: '" + gateway + "' is not host:port");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Map<Domain, List<MailAddress>> byDomain = mail.getRecipients().stream().collect(Collectors.groupingBy(MailAddress::getDomain));
        List<MailAddress> matched = new ArrayList<>();
        byDomain.forEach((domain, recipients) -> {
            if (answerFor(domain) == Answer.NO_STARTTLS) {
                matched.addAll(recipients);
            }
        });
        return matched;
    }

    private Answer answerFor(Domain domain) {
        List<String> hosts = gatewayHost.map(List::of).orElseGet(() -> mxHosts(domain));
        for (String host : hosts) {
            String key = host + ":" + gatewayPort;
            try {
                Answer answer = answers.get(key, () -> probe(host, gatewayPort));
                if (answer != Answer.UNREACHABLE) {
                    return answer;
                }
            } catch (ExecutionException e) {
                LOGGER.info("STARTTLS probe of {} failed: {}", key, e.getCause().getClass().getSimpleName());
            }
        }
        return Answer.UNREACHABLE;
    }

    private List<String> mxHosts(Domain domain) {
        try {
            Collection<String> mx = dns.findMXRecords(domain.asString());
            return mx.isEmpty() ? List.of(domain.asString()) : List.copyOf(mx).subList(0, Math.min(3, mx.size()));
        } catch (Exception e) {
            return List.of();
        }
    }

    static Answer probe(String host, int port) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
        properties.put("mail.smtp.timeout", String.valueOf(TIMEOUT.toMillis()));
        try {
            SMTPTransport transport = (SMTPTransport) Session.getInstance(properties).getTransport("smtp");
            transport.connect();
            try {
                Answer answer = transport.supportsExtension("STARTTLS") ? Answer.OFFERS_STARTTLS : Answer.NO_STARTTLS;
                LOGGER.info("Mail server {}:{} {}", host, port, answer == Answer.NO_STARTTLS ? "offers no STARTTLS" : "offers STARTTLS");
                return answer;
            } finally {
                transport.close();
            }
        } catch (MessagingException e) {
            return Answer.UNREACHABLE;
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Secure Messenger: recipients whose mail server offers no STARTTLS";
    }
}
