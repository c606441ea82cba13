package db.migration.sqlite;

import dev.stepwise.store.MachineKeys;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** The listing indexes by machine keyed by a number standing for its ARN (see {@link MachineKeys}). */
public class V16__machine_keys extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        MachineKeys.migrate(context.getConnection(), "INTEGER");
    }
}
