package dev.drawbridge.share;

import java.util.List;

/** Where the owner's shares and grants are kept; each call is its own transaction. */
public interface ShareStore {
  /** A stored share with its grants (by peer id) and what uploads into it may do. */
  record SavedShare(String name, String folder, List<SavedGrant> grants, UploadRules rules) {}

  /**
   * A stored grant: peer id text as saved (it may no longer parse), with its share's folder and
   * upload rules (so the grant table needs no second lookup).
   */
  record SavedGrant(String share, String folder, String peerId, Access access, UploadRules rules) {}

  /** What {@link #putGrant} did. */
  enum PutGrant {
    CREATED,
    CHANGED,
    NO_SUCH_SHARE
  }

  /** Every share by name, each with its grants by peer id. */
  List<SavedShare> shares();

  /** Every grant, for the in-memory table. */
  List<SavedGrant> grants();

  /** Adds a share; false (and nothing stored) when one of that name exists. */
  boolean insertShare(String name, String folder);

  /** Removes a share and its grants; false when there was none. */
  boolean deleteShare(String name);

  PutGrant putGrant(String share, String peerId, Access access);

  /** False when that peer had no grant on that share. */
  boolean deleteGrant(String share, String peerId);

  /** Replaces a share's upload rules; false (and nothing stored) when there is no such share. */
  boolean putRules(String share, UploadRules rules);
}
