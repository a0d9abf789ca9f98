package io.securemessenger.server.host;

import javax.inject.Singleton;
import javax.jms.ConnectionFactory;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.BrokerRegistry;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.region.Destination;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * James' mail queues (the spool, RemoteDelivery's outgoing queues) on an embedded ActiveMQ broker
 * whose KahaDB journal lies in {@code DATA/var/store/activemq}: a mail James has answered 250 for
 * is on disk before the answer, and a restart picks up where the queue stood. Queue statistics
 * come from WebAdmin ({@code /mailQueues}); no broker port is opened beyond the local one
 * {@link EmbeddedActiveMQ} binds. Senders enqueue in parallel ({@link ParallelEnqueueMailQueue}).
 */
public final class ActiveMqQueueModule extends AbstractModule {
    /** Messages of a queue the broker pages in for its consumers (ActiveMQ's default is 200). */
    static final int PAGE_SIZE = 10_000;
    /** The name James' EmbeddedActiveMQ gives its broker. */
    private static final String BROKER_NAME = "james";

    @Override
    protected void configure() {
        bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorNoop.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    /**
     * The queues, on a broker that never gives up on a mail: ActiveMQ moves a message whose
     * processing was rolled back six times to its dead-letter queue, which James does not read, so
     * the mail would be gone. Here it comes back, after a delay growing to five minutes, until it
     * is processed.
     */
    @Provides
    @Singleton
    ActiveMQMailQueueFactory queueFactory(EmbeddedActiveMQ broker, MailQueueItemDecoratorFactory decorators, MetricFactory metrics,
                                          GaugeRegistry gauges, ActiveMQMetricCollector collector) {
        RedeliveryPolicy redelivery = ((ActiveMQConnectionFactory) broker.getConnectionFactory()).getRedeliveryPolicy();
        redelivery.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        redelivery.setUseExponentialBackOff(true);
        redelivery.setBackOffMultiplier(2);
        redelivery.setMaximumRedeliveryDelay(java.time.Duration.ofMinutes(5).toMillis());
        pageInMore();
        return new ParallelEnqueueMailQueue.Factory(broker, decorators, metrics, gauges, collector);
    }

    /**
     * Lets a consumer see {@value #PAGE_SIZE} messages of a queue instead of ActiveMQ's 200. James takes
     * each mail with the selector "due now" (JAMES_NEXT_DELIVERY), and the broker applies a selector
     * to the messages it has paged in only: behind more than 200 mails waiting for a retry (a
     * destination down: RemoteDelivery retries over hours), a mail ready now was not taken until they
     * were due — hours (JAMES-4192, which James fixes by leaving ActiveMQ Classic). WebAdmin's browse
     * of a queue saw only its first 400 mails for the same reason. James' EmbeddedActiveMQ starts the
     * broker itself, with no policy; the policy is set here on the running broker: for the queues it
     * already has (restored from its journal) and for those created later.
     */
    static void pageInMore() {
        BrokerService service = BrokerRegistry.getInstance().lookup(BROKER_NAME);
        if (service == null) {
            throw new IllegalStateException("James' embedded ActiveMQ broker '" + BROKER_NAME + "' is not running");
        }
        PolicyEntry queues = new PolicyEntry();
        queues.setQueue(">");
        queues.setMaxPageSize(PAGE_SIZE);
        queues.setMaxBrowsePageSize(PAGE_SIZE);
        PolicyMap policies = new PolicyMap();
        policies.setDefaultEntry(queues);
        service.setDestinationPolicy(policies);
        for (Destination queue : service.getRegionBroker().getDestinationMap(new ActiveMQQueue(">")).values()) {
            queue.setMaxPageSize(PAGE_SIZE);
            queue.setMaxBrowsePageSize(PAGE_SIZE);
        }
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
        return broker.getConnectionFactory();
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(ActiveMQMailQueueFactory queues) {
        queues.setUseJMX(false);
        queues.init();
        return queues;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<? extends ManageableMailQueue> queues) {
        return queues;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> plainQueues(MailQueueFactory<? extends ManageableMailQueue> queues) {
        return queues;
    }
}
