package io.securemessenger.server.host;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.ldap.LdapHealthCheck;
import org.apache.james.user.ldap.LdapRepositoryConfiguration;
import org.apache.james.user.ldap.ReadOnlyUsersLDAPRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * James' users from an LDAP directory over {@code ldaps://}: James' own
 * {@code ReadOnlyUsersLDAPRepository}, wired as {@code james-server-guice-data-ldap}'s
 * {@code LdapUsersRepositoryModule} does, except that a directory down at start does not fail the
 * start ({@link DirectoryConnection}). {@code ldap://} (StartTLS) is {@link StartTlsLdapUsersModule}.
 */
public final class LdapUsersModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ReadOnlyUsersLDAPRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(ReadOnlyUsersLDAPRepository.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(LdapHealthCheck.class);
    }

    @Provides
    @Singleton
    LdapRepositoryConfiguration configuration(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return LdapRepositoryConfiguration.from(configurationProvider.getConfiguration("usersrepository"));
    }

    @ProvidesIntoSet
    InitializationOperation connect(LdapRepositoryConfiguration configuration, ReadOnlyUsersLDAPRepository users) {
        return InitilizationOperationBuilder.forClass(ReadOnlyUsersLDAPRepository.class)
            .init(() -> {
                users.configure(configuration);
                DirectoryConnection.connectOrRetry(configuration.getLdapHost(), users::init);
            });
    }
}
