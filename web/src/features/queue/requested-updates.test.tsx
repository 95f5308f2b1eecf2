import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CostCodesForUpdate } from './requested-updates.tsx';

describe('Cost Codes for Update', () => {
  const renderIt = () =>
    render(
      <CostCodesForUpdate
        erp="Spectrum"
        costCodes={[
          {
            code: '03-300',
            description: 'Cast-in-place concrete',
            costTypes: ['M'],
            codeInErp: true,
            erpDescription: 'Concrete',
            erpCostTypes: ['L'],
          },
          {
            code: '09-900',
            description: 'Painting',
            costTypes: ['L', 'M'],
            codeInErp: false,
            erpDescription: null,
            erpCostTypes: [],
          },
        ]}
      />,
    );

  it('shows every cost type as a disabled checkbox, In Spectrum or New', () => {
    renderIt();
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes).toHaveLength(4);
    for (const box of boxes) expect(box.hasAttribute('disabled')).toBe(true);
    const concrete = screen.getByRole('row', { name: /03-300/ });
    expect(within(concrete).getByRole('checkbox', { name: 'L — In Spectrum' })).toBeTruthy();
    expect(within(concrete).getByRole('checkbox', { name: 'M — New' })).toBeTruthy();
    const painting = screen.getByRole('row', { name: /09-900/ });
    expect(within(painting).getByRole('checkbox', { name: 'L — New' })).toBeTruthy();
  });

  it('keeps the ERP description of a code already there and says nothing is changed', () => {
    renderIt();
    expect(screen.getByText('Spectrum keeps its description: Concrete')).toBeTruthy();
    expect(screen.getByText('Painting')).toBeTruthy();
    expect(
      screen.getByText(
        'Nothing can be changed here. Cost types already in Spectrum stay and the new ones are added. Descriptions already in Spectrum are never overwritten.',
      ),
    ).toBeTruthy();
  });
});
