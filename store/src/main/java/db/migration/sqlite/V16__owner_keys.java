package db.migration.sqlite;

import dev.stepwise.store.OwnerKeys;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** The listing indexes keyed by numbers standing for their owners' ARNs (see {@link OwnerKeys}). */
public class V16__owner_keys extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        OwnerKeys.migrate(context.getConnection(), "INTEGER");
    }
}
