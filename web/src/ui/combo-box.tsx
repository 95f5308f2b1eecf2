import type { ReactNode, Ref } from 'react';
import {
  Button as AriaButton,
  ComboBox as AriaComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';

export interface ComboBoxItem {
  id: string;
  label: string;
  /** Shown beside the label in the list (an ERP status badge) and read as the option's description. */
  detail?: ReactNode;
}

export interface ComboBoxProps {
  label: string;
  items: ComboBoxItem[];
  selectedKey: string | null;
  onSelectionChange: (key: string | null) => void;
  error?: string | undefined;
  description?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

/** A searchable picker (React Aria `ComboBox`) over a list of id/label pairs. */
export function ComboBox({
  label,
  items,
  selectedKey,
  onSelectionChange,
  error,
  description,
  isRequired,
  isDisabled,
  inputRef,
}: ComboBoxProps) {
  return (
    <AriaComboBox
      defaultItems={items}
      selectedKey={selectedKey}
      onSelectionChange={(key) => onSelectionChange(key === null ? null : String(key))}
      isInvalid={error !== undefined}
      isRequired={isRequired ?? false}
      isDisabled={isDisabled ?? false}
      validationBehavior="aria"
      className="group flex flex-col"
    >
      <Label className="text-sm font-medium">{label}</Label>
      <div className="mt-1 flex rounded-md border border-gray-300 bg-white group-data-disabled:bg-gray-100 group-data-disabled:text-gray-600">
        <Input
          ref={inputRef}
          className="w-full rounded-l-md bg-transparent px-2.5 py-1.5 text-sm outline-none"
        />
        <AriaButton className="px-2 text-gray-700" aria-label={`Show ${label}`}>
          <span aria-hidden="true">▾</span>
        </AriaButton>
      </div>
      {description && (
        <Text slot="description" className="mt-1 text-xs text-gray-600">
          {description}
        </Text>
      )}
      <FieldError className="mt-1 text-sm text-red-700">{error}</FieldError>
      <Popover className="w-(--trigger-width) rounded-md border border-gray-200 bg-white shadow-lg">
        <ListBox<ComboBoxItem> className="max-h-64 overflow-auto p-1 outline-none">
          {(item) => (
            <ListBoxItem
              id={item.id}
              textValue={item.label}
              className="cursor-default rounded px-2 py-1 text-sm outline-none focus:bg-blue-50 selected:font-medium"
            >
              {item.detail === undefined ? (
                item.label
              ) : (
                <span className="flex items-center justify-between gap-2">
                  <Text slot="label">{item.label}</Text>
                  <Text slot="description">{item.detail}</Text>
                </span>
              )}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaComboBox>
  );
}
