package io.securemessenger.mailets;

import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.mail.MessagingException;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailetcontainer.api.MailProcessor;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.transport.mailets.RemoteDelivery;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;

/**
 * James' {@code RemoteDelivery}, with all its parameters, except that the processor named by
 * {@code onSuccess} runs at once, in the delivery thread, when the receiving server has accepted
 * the mail, instead of after another pass through the spool. The mail is still in its delivery
 * queue until then: should the server stop before that processor is done, the queue hands the
 * mail out again and it is delivered again (as with James' own, which could stop between the
 * delivery and the spool's write). Secure Messenger uses it for notifications, whose success
 * processor records the recipient as notified: one journal write, sync and read back fewer per
 * sealed message and recipient.
 *
 * <pre>{@code <mailet match="All" class="io.securemessenger.mailets.InlineSuccessRemoteDelivery">
 *     <outgoing>outgoing-notifications</outgoing>
 *     <onSuccess>notification-sent</onSuccess>
 *     ...
 * </mailet>}</pre>
 */
public class InlineSuccessRemoteDelivery extends RemoteDelivery {
    private final Provider<MailProcessor> processors;
    private MailetContext context;
    private String onSuccess = "";

    @Inject
    public InlineSuccessRemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metrics,
                                       Provider<MailProcessor> processors) {
        this(dnsServer, domainList, queueFactory, metrics, processors, ThreadState.START_THREADS);
    }

    /** {@code threads}: whether its delivery threads run (tests look at its queue without them). */
    InlineSuccessRemoteDelivery(DNSService dnsServer, DomainList domainList, MailQueueFactory<?> queueFactory, MetricFactory metrics,
                                Provider<MailProcessor> processors, ThreadState threads) {
        super(dnsServer, domainList, queueFactory, metrics, threads);
        this.processors = processors;
    }

    @Override
    public void init(MailetConfig config) throws MessagingException {
        onSuccess = Optional.ofNullable(config.getInitParameter("onSuccess")).map(String::strip).orElse("");
        context = onSuccess.isEmpty() ? config.getMailetContext()
            : new ForwardingMailetContext(config.getMailetContext()) {
                @Override
                public void sendMail(Mail mail, String state) throws MessagingException {
                    if (onSuccess.equals(state)) {
                        runOnSuccess(mail);
                    } else {
                        super.sendMail(mail, state);
                    }
                }
            };
        super.init(config);
    }

    /** Runs the {@code onSuccess} processor, when there is one, on a mail just delivered, at once. */
    protected void runOnSuccess(Mail mail) throws MessagingException {
        if (!onSuccess.isEmpty()) {
            InlineProcessing.run(processors.get(), mail, onSuccess);
        }
    }

    /** The processor a delivered mail goes to; empty for none. */
    protected String onSuccess() {
        return onSuccess;
    }

    @Override
    public MailetContext getMailetContext() {
        return context;
    }

    @Override
    public String getMailetInfo() {
        return "Secure Messenger: RemoteDelivery whose onSuccess processor runs at once";
    }
}
