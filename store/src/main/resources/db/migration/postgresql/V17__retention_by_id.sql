-- Retention finds closed executions in id order (the order they started in) and stops at the first
-- started after its cutoff (JdbcStore.deleteClosedBefore), so no index by stop time: that index was a
-- B-tree written at every execution's close (a third of a page per execution under load).
DROP INDEX execution_closed_by_stop;
