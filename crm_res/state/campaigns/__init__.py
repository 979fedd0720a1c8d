"""The Campaigns pages' state: a base (role check, errors, how a write runs) and one substate per
part: the list, the create form, template sync, and one campaign (results, controls)."""
