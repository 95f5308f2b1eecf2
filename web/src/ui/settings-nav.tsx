import { Link } from '@tanstack/react-router';
import { can } from '../auth/permissions.ts';
import { useMe } from '../auth/session.tsx';

const tabClass =
  'border-b-2 border-transparent px-3 py-2 text-sm font-medium text-gray-700 hover:text-gray-900 aria-[current=page]:border-blue-700 aria-[current=page]:text-blue-900';

/**
 * S16's sub-navigation, shared by the settings, users and webhooks screens: ERP admins see every part;
 * operators General (for its Operator section) and Users (UI.md §1).
 */
export function SettingsNav({ c }: { c: string }) {
  const me = useMe();
  const admin = can(me, c, 'updateCompanySettings');
  return (
    <nav aria-label="Settings" className="flex flex-wrap gap-1 border-b border-gray-200">
      <Link to="/companies/$c/settings" params={{ c }} className={tabClass}>
        General
      </Link>
      {admin && (
        <Link to="/companies/$c/erp/connection" params={{ c }} className={tabClass}>
          ERP connection
        </Link>
      )}
      {can(me, c, 'manageUsers') && (
        <Link to="/companies/$c/users" params={{ c }} className={tabClass}>
          Users
        </Link>
      )}
      {can(me, c, 'manageWebhooks') && (
        <Link to="/companies/$c/webhooks" params={{ c }} className={tabClass}>
          Webhooks
        </Link>
      )}
      {can(me, c, 'manageStandardLists') && (
        <Link to="/companies/$c/standard-cost-codes" params={{ c }} className={tabClass}>
          Standard lists
        </Link>
      )}
    </nav>
  );
}
