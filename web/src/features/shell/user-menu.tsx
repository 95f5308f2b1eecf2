import { useNavigate } from '@tanstack/react-router';
import { Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover } from 'react-aria-components';
import { useSignOut } from '../../auth/session.tsx';
import { Button } from '../../ui/button.tsx';

const itemClass =
  'cursor-default rounded px-3 py-1.5 text-sm outline-none focus:bg-blue-50 focus:text-blue-900';

/** Account, the zone times are shown in, and Sign out (UI.md §2). */
export function UserMenu({ name, zone }: { name: string; zone: string | undefined }) {
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <MenuTrigger>
      <Button variant="quiet">{name}</Button>
      <Popover
        placement="bottom end"
        className="min-w-56 rounded-md border border-gray-200 bg-white p-1 shadow-lg"
      >
        <Menu
          className="outline-none"
          onAction={(key) => (key === 'sign-out' ? signOut() : navigate({ to: '/account' }))}
        >
          {zone && (
            <MenuSection>
              <Header className="px-3 py-1.5 text-xs text-gray-600">Times in {zone}</Header>
            </MenuSection>
          )}
          <MenuSection>
            <MenuItem id="account" className={itemClass}>
              Account
            </MenuItem>
            <MenuItem id="sign-out" className={itemClass}>
              Sign out
            </MenuItem>
          </MenuSection>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
