/**
 * The ground floor: everything under {@code tilegate.*} ({@code TilegateProperties}), the
 * clock every room tells time by, and what the nodes of a cluster share through the database:
 * rate limit buckets ({@code ClusterBuckets}) and scheduled jobs' locks ({@code ClusterJobs}).
 *
 * <p>Reads no other room; every room may read it.
 */
package io.tilegate.config;
