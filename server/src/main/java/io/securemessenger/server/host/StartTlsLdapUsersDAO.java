package io.securemessenger.server.host;

import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.ldap.LdapRepositoryConfiguration;
import org.apache.james.user.ldap.ReadOnlyLDAPUser;
import org.apache.james.user.lib.UsersDAO;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;

/**
 * The directory's users over {@code ldap://} with StartTLS, which James 3.8.1's
 * {@code ReadOnlyLDAPUsersDAO} cannot do (it speaks {@code ldap://} in clear, and only
 * {@code ldaps://} with TLS). The same reading of the same {@code usersrepository.xml}
 * ({@link LdapRepositoryConfiguration}) and the same users ({@link ReadOnlyLDAPUser}: the password
 * checked by binding as the user): found below {@code userBase} by {@code userIdAttribute} and
 * {@code userObjectClass}, restricted to the groups' {@code memberAttribute} values when configured.
 * Every pooled connection does StartTLS before it binds, with the JVM's default trust (the
 * system's CAs and {@code --trust-store}'s) and the directory's host name checked. Read-only.
 */
public final class StartTlsLdapUsersDAO implements UsersDAO {
    private LdapRepositoryConfiguration configuration;
    private Optional<String> memberAttribute = Optional.empty();
    private List<String> groups = List.of();
    private volatile LDAPConnectionPool pool;

    /** Reads {@code usersrepository.xml} as James does, and its {@code <restriction>} (whose getters James keeps to itself). */
    public void configure(HierarchicalConfiguration<ImmutableNode> file) throws ConfigurationException {
        this.configuration = LdapRepositoryConfiguration.from(file);
        this.memberAttribute = Optional.ofNullable(file.getString("restriction[@memberAttribute]", null));
        this.groups = memberAttribute.isPresent() ? file.getList(String.class, "restriction.group", List.of()) : List.of();
    }

    /** Connects (StartTLS, then the service bind); throws when the directory cannot be reached or refuses. */
    public void init() throws Exception {
        URI uri = new URI(configuration.getLdapHost());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(configuration.getConnectionTimeout());
        options.setResponseTimeoutMillis(configuration.getReadTimeout());
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        SingleServerSet server = new SingleServerSet(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 389, options);
        pool = new LDAPConnectionPool(server, new SimpleBindRequest(configuration.getPrincipal(), configuration.getCredentials()),
            1, Math.max(1, configuration.getPoolSize()), new StartTLSPostConnectProcessor(SSLContext.getDefault()));
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
    }

    public void close() {
        LDAPConnectionPool open = pool;
        if (open != null) {
            open.close();
        }
    }

    private LDAPConnectionPool pool() throws UsersRepositoryException {
        LDAPConnectionPool open = pool;
        if (open == null) {
            throw new UsersRepositoryException("The LDAP directory " + configuration.getLdapHost() + " has not been reached yet");
        }
        return open;
    }

    private Filter users() {
        return Filter.createEqualityFilter("objectClass", configuration.getUserObjectClass());
    }

    @Override
    public Optional<ReadOnlyLDAPUser> getUserByName(Username name) throws UsersRepositoryException {
        try {
            Filter filter = Filter.createANDFilter(users(), Filter.createEqualityFilter(configuration.getUserIdAttribute(), name.asString()));
            List<SearchResultEntry> found = pool().search(configuration.getUserBase(), SearchScope.SUB, filter, "1.1").getSearchEntries();
            if (found.isEmpty() || !member(found.get(0).getParsedDN())) {
                return Optional.empty();
            }
            return Optional.of(new ReadOnlyLDAPUser(name, found.get(0).getParsedDN(), pool()));
        } catch (LDAPException e) {
            throw new UsersRepositoryException("Unable to look a user up in the LDAP directory: " + e.getResultCode(), e);
        }
    }

    /** Whether the user belongs to one of the configured groups (always, without a restriction). */
    private boolean member(DN user) throws LDAPException, UsersRepositoryException {
        if (memberAttribute.isEmpty() || groups.isEmpty()) {
            return true;
        }
        String attribute = memberAttribute.get();
        for (String group : groups) {
            SearchResultEntry entry = pool().getEntry(group, attribute);
            if (entry != null && entry.getAttribute(attribute) != null) {
                for (String member : entry.getAttributeValues(attribute)) {
                    if (new DN(member).equals(user)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        return getUserByName(name).isPresent();
    }

    @Override
    public int countUsers() throws UsersRepositoryException {
        return all().size();
    }

    @Override
    public Iterator<Username> list() throws UsersRepositoryException {
        return all().iterator();
    }

    private List<Username> all() throws UsersRepositoryException {
        try {
            List<Username> names = new ArrayList<>();
            String attribute = configuration.getUserIdAttribute();
            for (SearchResultEntry entry : pool().search(configuration.getUserBase(), SearchScope.SUB, users(), attribute).getSearchEntries()) {
                if (entry.getAttributeValue(attribute) != null && member(entry.getParsedDN())) {
                    names.add(Username.of(entry.getAttributeValue(attribute)));
                }
            }
            return names;
        } catch (LDAPException e) {
            throw new UsersRepositoryException("Unable to list the users of the LDAP directory: " + e.getResultCode(), e);
        }
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        throw new UsersRepositoryException("This user-repository is read-only. Modifications are not permitted.");
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        throw new UsersRepositoryException("This user-repository is read-only. Modifications are not permitted.");
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        throw new UsersRepositoryException("This user-repository is read-only. Modifications are not permitted.");
    }
}
