package io.securemessenger.mailets;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.HostAddress;
import org.apache.mailet.LookupException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.TemporaryLookupException;
import org.slf4j.Logger;

/**
 * A mailet context that hands every call to another one; a subclass changes the calls it must
 * (as Guava's forwarding collections do). Used to give one of James' mailets a context that differs
 * in one behaviour without touching the mailet.
 */
@SuppressWarnings("deprecation")
public abstract class ForwardingMailetContext implements MailetContext {
    private final MailetContext delegate;

    protected ForwardingMailetContext(MailetContext delegate) {
        this.delegate = delegate;
    }

    @Override
    public int getMajorVersion() {
        return delegate.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return delegate.getMinorVersion();
    }

    @Override
    public String getServerInfo() {
        return delegate.getServerInfo();
    }

    @Override
    public Iterator<String> getAttributeNames() {
        return delegate.getAttributeNames();
    }

    @Override
    public Object getAttribute(String name) {
        return delegate.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        delegate.removeAttribute(name);
    }

    @Override
    public void log(String message) {
        delegate.log(message);
    }

    @Override
    public void log(String message, Throwable t) {
        delegate.log(message, t);
    }

    @Override
    public void log(LogLevel level, String message) {
        delegate.log(level, message);
    }

    @Override
    public void log(LogLevel level, String message, Throwable t) {
        delegate.log(level, message, t);
    }

    @Override
    public MailAddress getPostmaster() {
        return delegate.getPostmaster();
    }

    @Override
    public boolean isLocalServer(Domain domain) {
        return delegate.isLocalServer(domain);
    }

    @Override
    public boolean isLocalUser(String userAccount) {
        return delegate.isLocalUser(userAccount);
    }

    @Override
    public boolean isLocalEmail(MailAddress mailAddress) {
        return delegate.isLocalEmail(mailAddress);
    }

    @Override
    public Collection<MailAddress> localRecipients(Collection<MailAddress> recipients) {
        return delegate.localRecipients(recipients);
    }

    @Override
    public Collection<String> getMailServers(Domain domain) {
        return delegate.getMailServers(domain);
    }

    @Override
    public Iterator<HostAddress> getSMTPHostAddresses(Domain domain) {
        return delegate.getSMTPHostAddresses(domain);
    }

    @Override
    public void sendMail(MimeMessage message) throws MessagingException {
        delegate.sendMail(message);
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message) throws MessagingException {
        delegate.sendMail(sender, recipients, message);
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message, String state)
        throws MessagingException {
        delegate.sendMail(sender, recipients, message, state);
    }

    @Override
    public void sendMail(Mail mail) throws MessagingException {
        delegate.sendMail(mail);
    }

    @Override
    public void sendMail(Mail mail, long delay, TimeUnit unit) throws MessagingException {
        delegate.sendMail(mail, delay, unit);
    }

    @Override
    public void sendMail(Mail mail, String state) throws MessagingException {
        delegate.sendMail(mail, state);
    }

    @Override
    public void sendMail(Mail mail, String state, long delay, TimeUnit unit) throws MessagingException {
        delegate.sendMail(mail, state, delay, unit);
    }

    @Override
    public void bounce(Mail mail, String message) throws MessagingException {
        delegate.bounce(mail, message);
    }

    @Override
    public void bounce(Mail mail, String message, MailAddress bouncer) throws MessagingException {
        delegate.bounce(mail, message, bouncer);
    }

    @Override
    public List<String> dnsLookup(String name, RecordType type) throws TemporaryLookupException, LookupException {
        return delegate.dnsLookup(name, type);
    }

    @Override
    public Logger getLogger() {
        return delegate.getLogger();
    }
}
