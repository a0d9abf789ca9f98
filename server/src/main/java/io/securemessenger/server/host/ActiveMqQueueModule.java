package io.securemessenger.server.host;

import javax.inject.Singleton;
import javax.jms.ConnectionFactory;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
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
        return new ParallelEnqueueMailQueue.Factory(broker, decorators, metrics, gauges, collector);
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
