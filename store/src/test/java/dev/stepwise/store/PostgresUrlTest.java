package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A PostgreSQL URL's credentials: taken from it, overridden by options, never printed. */
class PostgresUrlTest {

    @Test
    void credentialsInTheUserInfoAreTakenOutAndDecoded() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://ann:p%40ss+word@db.example:5433/flows?ssl=true");
        assertThat(url.url()).isEqualTo("jdbc:postgresql://db.example:5433/flows?ssl=true");
        assertThat(url.user()).isEqualTo("ann");
        assertThat(url.password()).isEqualTo("p@ss+word");
    }

    @Test
    void credentialsInTheDriversParametersAreTakenOutAndTheOtherParametersKept() {
        PostgresUrl url = PostgresUrl.parse(
                "jdbc:postgresql://db:5432/flows?user=bob&sslmode=require&password=s%26cret&ApplicationName=x");
        assertThat(url.url()).isEqualTo("jdbc:postgresql://db:5432/flows?sslmode=require&ApplicationName=x");
        assertThat(url.user()).isEqualTo("bob");
        assertThat(url.password()).isEqualTo("s&cret");
    }

    @Test
    void aUrlWithoutCredentialsIsKeptAsItIs() {
        for (String plain : new String[] {"jdbc:postgresql://db/flows", "jdbc:postgresql://a:1,b:2/flows?x=1",
                "jdbc:postgresql:flows"}) {
            PostgresUrl url = PostgresUrl.parse(plain);
            assertThat(url.url()).isEqualTo(plain);
            assertThat(url.user()).isNull();
            assertThat(url.password()).isNull();
        }
    }

    @Test
    void givenCredentialsWinOverTheUrlsAndMissingOnesKeepThem() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://ann:one@db/flows");
        assertThat(url.withCredentials("bob", null)).isEqualTo(new PostgresUrl("jdbc:postgresql://db/flows", "bob",
                "one"));
        assertThat(url.withCredentials(null, "two")).isEqualTo(new PostgresUrl("jdbc:postgresql://db/flows", "ann",
                "two"));
    }

    @Test
    void neitherTheUrlNorTheOptionsPrintAPassword() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://db/flows?user=ann&password=hunter2");
        assertThat(url.toString()).isEqualTo("jdbc:postgresql://db/flows (user ann)");
        assertThat(new Stores.Options("jdbc:postgresql://ann:hunter2@db/flows", null, true, null, "other").toString())
                .contains("jdbc:postgresql://db/flows", "ann").doesNotContain("hunter2", "other");
        assertThat(Stores.Options.database("jdbc:postgresql://db/flows", "bob", "hunter2").toString())
                .doesNotContain("hunter2");
    }
}
