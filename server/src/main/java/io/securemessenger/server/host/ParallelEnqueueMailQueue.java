package io.securemessenger.server.host;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.mail.MessagingException;
import org.apache.activemq.ActiveMQSession;
import org.apache.activemq.BlobMessage;
import org.apache.activemq.command.ActiveMQBlobMessage;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.server.core.MimeMessageInputStream;
import org.apache.mailet.Mail;

/**
 * James' ActiveMQ mail queue, enqueuing from several JMS sessions at once. James' own queue sends
 * every mail through one session and producer per queue, and an ActiveMQ session sends one message
 * at a time: every SMTP session and spooler thread handing a mail to the spool waited for the one
 * before it to be written to the journal and synced. With a session per concurrent sender, KahaDB
 * writes and syncs what arrives together in one batch. Each send still returns only once the broker
 * has stored the mail (a persistent, synchronous send), so nothing about durability changes. The
 * content travels as a blob message, as in James' queue.
 */
public class ParallelEnqueueMailQueue extends ActiveMQCacheableMailQueue {
    /** Sessions sending at once into one queue; a sender beyond them waits for one to be free. */
    static final int SENDERS = 16;

    private final BlockingQueue<Sender> idle = new ArrayBlockingQueue<>(SENDERS);
    private final AtomicInteger opened = new AtomicInteger();

    public ParallelEnqueueMailQueue(ConnectionFactory connectionFactory, MailQueueItemDecoratorFactory decorators, MailQueueName name,
                                    MetricFactory metrics, GaugeRegistry gauges) {
        super(connectionFactory, decorators, name, true, metrics, gauges);
    }

    /** A session of this queue's connection and its producer; used by one thread at a time. */
    private static final class Sender {
        final ActiveMQSession session;
        final MessageProducer producer;

        Sender(ActiveMQSession session, MessageProducer producer) {
            this.session = session;
            this.producer = producer;
        }
    }

    @Override
    protected void produceMail(Map<String, Object> props, int msgPrio, Mail mail) throws JMSException, MessagingException, IOException {
        Sender sender = borrow();
        boolean healthy = false;
        BlobMessage message = null;
        try {
            message = sender.session.createBlobMessage(new MimeMessageInputStream(mail.getMessage()));
            for (Map.Entry<String, Object> property : props.entrySet()) {
                message.setObjectProperty(property.getKey(), property.getValue());
            }
            sender.producer.send(message, Message.DEFAULT_DELIVERY_MODE, msgPrio, Message.DEFAULT_TIME_TO_LIVE);
            healthy = true;
        } catch (JMSException e) {
            if (message instanceof ActiveMQBlobMessage) {
                ((ActiveMQBlobMessage) message).deleteFile();
            }
            throw e;
        } finally {
            giveBack(sender, healthy);
        }
    }

    private Sender borrow() throws JMSException {
        Sender sender = idle.poll();
        if (sender != null) {
            return sender;
        }
        if (opened.incrementAndGet() <= SENDERS) {
            try {
                ActiveMQSession session = (ActiveMQSession) connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                return new Sender(session, session.createProducer(queue));
            } catch (JMSException | RuntimeException e) {
                opened.decrementAndGet();
                throw e;
            }
        }
        opened.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            JMSException interrupted = new JMSException("Interrupted while waiting to enqueue into " + queueName.asString());
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /** A sender whose send failed is closed rather than reused: its session may be broken. */
    private void giveBack(Sender sender, boolean healthy) {
        if (healthy && idle.offer(sender)) {
            return;
        }
        opened.decrementAndGet();
        try {
            sender.session.close();
        } catch (JMSException e) {
            // Closing a broken session; the connection closes the rest at dispose.
        }
    }

    @Override
    public void dispose() {
        for (Sender sender = idle.poll(); sender != null; sender = idle.poll()) {
            try {
                sender.session.close();
            } catch (JMSException e) {
                // The connection is closed next, with whatever is left of its sessions.
            }
        }
        super.dispose();
    }

    /** James' ActiveMQ queue factory, making {@link ParallelEnqueueMailQueue}s. */
    public static final class Factory extends ActiveMQMailQueueFactory {
        private final ActiveMQMetricCollector collector;

        public Factory(EmbeddedActiveMQ broker, MailQueueItemDecoratorFactory decorators, MetricFactory metrics, GaugeRegistry gauges,
                       ActiveMQMetricCollector collector) {
            super(broker, decorators, metrics, gauges, collector);
            this.collector = collector;
        }

        @Override
        protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
            collector.collectQueueStatistics(name);
            return new ParallelEnqueueMailQueue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry);
        }
    }
}
