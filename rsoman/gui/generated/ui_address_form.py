# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'address_form.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDateEdit,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

from rsoman.gui.forms.designer import (HintLabel, TextBox)
from rsoman.gui.forms.widgets import OptionalDateEdit

class Ui_AddressFormBody(object):
    def setupUi(self, AddressFormBody):
        if not AddressFormBody.objectName():
            AddressFormBody.setObjectName(u"AddressFormBody")
        self.form = QFormLayout(AddressFormBody)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignVCenter)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.kindLabel = QLabel(AddressFormBody)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindField = QWidget(AddressFormBody)
        self.kindField.setObjectName(u"kindField")
        self.kindFieldLayout = QVBoxLayout(self.kindField)
        self.kindFieldLayout.setObjectName(u"kindFieldLayout")
        self.kindFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.kindCombo = QComboBox(self.kindField)
        self.kindCombo.setObjectName(u"kindCombo")

        self.kindFieldLayout.addWidget(self.kindCombo)

        self.kindHint = HintLabel(self.kindField)
        self.kindHint.setObjectName(u"kindHint")

        self.kindFieldLayout.addWidget(self.kindHint)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.kindField)

        self.line1Label = QLabel(AddressFormBody)
        self.line1Label.setObjectName(u"line1Label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.line1Label)

        self.line1Field = QWidget(AddressFormBody)
        self.line1Field.setObjectName(u"line1Field")
        self.line1FieldLayout = QVBoxLayout(self.line1Field)
        self.line1FieldLayout.setObjectName(u"line1FieldLayout")
        self.line1FieldLayout.setContentsMargins(0, 0, 0, 0)
        self.line1Edit = QLineEdit(self.line1Field)
        self.line1Edit.setObjectName(u"line1Edit")

        self.line1FieldLayout.addWidget(self.line1Edit)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.line1Field)

        self.line2Label = QLabel(AddressFormBody)
        self.line2Label.setObjectName(u"line2Label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.line2Label)

        self.line2Field = QWidget(AddressFormBody)
        self.line2Field.setObjectName(u"line2Field")
        self.line2FieldLayout = QVBoxLayout(self.line2Field)
        self.line2FieldLayout.setObjectName(u"line2FieldLayout")
        self.line2FieldLayout.setContentsMargins(0, 0, 0, 0)
        self.line2Edit = QLineEdit(self.line2Field)
        self.line2Edit.setObjectName(u"line2Edit")

        self.line2FieldLayout.addWidget(self.line2Edit)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.line2Field)

        self.townLabel = QLabel(AddressFormBody)
        self.townLabel.setObjectName(u"townLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.townLabel)

        self.townField = QWidget(AddressFormBody)
        self.townField.setObjectName(u"townField")
        self.townFieldLayout = QVBoxLayout(self.townField)
        self.townFieldLayout.setObjectName(u"townFieldLayout")
        self.townFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.townEdit = QLineEdit(self.townField)
        self.townEdit.setObjectName(u"townEdit")

        self.townFieldLayout.addWidget(self.townEdit)


        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.townField)

        self.postcodeLabel = QLabel(AddressFormBody)
        self.postcodeLabel.setObjectName(u"postcodeLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.postcodeLabel)

        self.postcodeField = QWidget(AddressFormBody)
        self.postcodeField.setObjectName(u"postcodeField")
        self.postcodeFieldLayout = QVBoxLayout(self.postcodeField)
        self.postcodeFieldLayout.setObjectName(u"postcodeFieldLayout")
        self.postcodeFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.postcodeEdit = QLineEdit(self.postcodeField)
        self.postcodeEdit.setObjectName(u"postcodeEdit")
        self.postcodeEdit.setMaxLength(10)

        self.postcodeFieldLayout.addWidget(self.postcodeEdit)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.postcodeField)

        self.boroughLabel = QLabel(AddressFormBody)
        self.boroughLabel.setObjectName(u"boroughLabel")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.boroughLabel)

        self.boroughField = QWidget(AddressFormBody)
        self.boroughField.setObjectName(u"boroughField")
        self.boroughFieldLayout = QVBoxLayout(self.boroughField)
        self.boroughFieldLayout.setObjectName(u"boroughFieldLayout")
        self.boroughFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.boroughCombo = QComboBox(self.boroughField)
        self.boroughCombo.setObjectName(u"boroughCombo")

        self.boroughFieldLayout.addWidget(self.boroughCombo)


        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.boroughField)

        self.wardLabel = QLabel(AddressFormBody)
        self.wardLabel.setObjectName(u"wardLabel")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.wardLabel)

        self.wardField = QWidget(AddressFormBody)
        self.wardField.setObjectName(u"wardField")
        self.wardFieldLayout = QVBoxLayout(self.wardField)
        self.wardFieldLayout.setObjectName(u"wardFieldLayout")
        self.wardFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.wardCombo = QComboBox(self.wardField)
        self.wardCombo.setObjectName(u"wardCombo")

        self.wardFieldLayout.addWidget(self.wardCombo)


        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.wardField)

        self.validFromLabel = QLabel(AddressFormBody)
        self.validFromLabel.setObjectName(u"validFromLabel")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.validFromLabel)

        self.validFromField = QWidget(AddressFormBody)
        self.validFromField.setObjectName(u"validFromField")
        self.validFromFieldLayout = QVBoxLayout(self.validFromField)
        self.validFromFieldLayout.setObjectName(u"validFromFieldLayout")
        self.validFromFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.validFromDate = QDateEdit(self.validFromField)
        self.validFromDate.setObjectName(u"validFromDate")
        self.validFromDate.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.validFromDate.setCalendarPopup(True)

        self.validFromFieldLayout.addWidget(self.validFromDate)


        self.form.setWidget(7, QFormLayout.ItemRole.FieldRole, self.validFromField)

        self.validToLabel = QLabel(AddressFormBody)
        self.validToLabel.setObjectName(u"validToLabel")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.validToLabel)

        self.validToField = QWidget(AddressFormBody)
        self.validToField.setObjectName(u"validToField")
        self.validToFieldLayout = QVBoxLayout(self.validToField)
        self.validToFieldLayout.setObjectName(u"validToFieldLayout")
        self.validToFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.validToDate = OptionalDateEdit(self.validToField)
        self.validToDate.setObjectName(u"validToDate")

        self.validToFieldLayout.addWidget(self.validToDate)

        self.validToHint = HintLabel(self.validToField)
        self.validToHint.setObjectName(u"validToHint")

        self.validToFieldLayout.addWidget(self.validToHint)


        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.validToField)

        self.notesLabel = QLabel(AddressFormBody)
        self.notesLabel.setObjectName(u"notesLabel")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notesField = QWidget(AddressFormBody)
        self.notesField.setObjectName(u"notesField")
        self.notesFieldLayout = QVBoxLayout(self.notesField)
        self.notesFieldLayout.setObjectName(u"notesFieldLayout")
        self.notesFieldLayout.setContentsMargins(0, 0, 0, 0)
        self.notesText = TextBox(self.notesField)
        self.notesText.setObjectName(u"notesText")

        self.notesFieldLayout.addWidget(self.notesText)


        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.notesField)

#if QT_CONFIG(shortcut)
        self.kindLabel.setBuddy(self.kindCombo)
        self.line1Label.setBuddy(self.line1Edit)
        self.line2Label.setBuddy(self.line2Edit)
        self.townLabel.setBuddy(self.townEdit)
        self.postcodeLabel.setBuddy(self.postcodeEdit)
        self.boroughLabel.setBuddy(self.boroughCombo)
        self.wardLabel.setBuddy(self.wardCombo)
        self.validFromLabel.setBuddy(self.validFromDate)
        self.validToLabel.setBuddy(self.validToDate)
        self.notesLabel.setBuddy(self.notesText)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.kindCombo, self.line1Edit)
        QWidget.setTabOrder(self.line1Edit, self.line2Edit)
        QWidget.setTabOrder(self.line2Edit, self.townEdit)
        QWidget.setTabOrder(self.townEdit, self.postcodeEdit)
        QWidget.setTabOrder(self.postcodeEdit, self.boroughCombo)
        QWidget.setTabOrder(self.boroughCombo, self.wardCombo)
        QWidget.setTabOrder(self.wardCombo, self.validFromDate)
        QWidget.setTabOrder(self.validFromDate, self.validToDate)
        QWidget.setTabOrder(self.validToDate, self.notesText)

        self.retranslateUi(AddressFormBody)

        QMetaObject.connectSlotsByName(AddressFormBody)
    # setupUi

    def retranslateUi(self, AddressFormBody):
        self.kindLabel.setText(QCoreApplication.translate("AddressFormBody", u"&Kind", None))
        self.line1Label.setText(QCoreApplication.translate("AddressFormBody", u"Line &1", None))
        self.line1Edit.setPlaceholderText(QCoreApplication.translate("AddressFormBody", u"house number and street, or flat and building", None))
        self.line2Label.setText(QCoreApplication.translate("AddressFormBody", u"Line &2", None))
        self.townLabel.setText(QCoreApplication.translate("AddressFormBody", u"&Town", None))
        self.townEdit.setText(QCoreApplication.translate("AddressFormBody", u"London", None))
        self.postcodeLabel.setText(QCoreApplication.translate("AddressFormBody", u"&Postcode", None))
        self.postcodeEdit.setPlaceholderText(QCoreApplication.translate("AddressFormBody", u"e.g. NW1 5AB", None))
        self.boroughLabel.setText(QCoreApplication.translate("AddressFormBody", u"&Borough", None))
        self.wardLabel.setText(QCoreApplication.translate("AddressFormBody", u"&Ward", None))
#if QT_CONFIG(tooltip)
        self.wardCombo.setToolTip(QCoreApplication.translate("AddressFormBody", u"The wards of the borough chosen above", None))
#endif // QT_CONFIG(tooltip)
        self.validFromLabel.setText(QCoreApplication.translate("AddressFormBody", u"&From", None))
        self.validFromDate.setDisplayFormat(QCoreApplication.translate("AddressFormBody", u"dd/MM/yyyy", None))
#if QT_CONFIG(tooltip)
        self.validFromDate.setToolTip(QCoreApplication.translate("AddressFormBody", u"Type the date as dd/mm/yyyy (the arrow opens a calendar)", None))
#endif // QT_CONFIG(tooltip)
        self.validToLabel.setText(QCoreApplication.translate("AddressFormBody", u"&Until", None))
#if QT_CONFIG(tooltip)
        self.validToDate.setToolTip(QCoreApplication.translate("AddressFormBody", u"Type the date as dd/mm/yyyy; leave blank if there is none", None))
#endif // QT_CONFIG(tooltip)
        self.validToHint.setText(QCoreApplication.translate("AddressFormBody", u"Blank while it applies.", None))
        self.notesLabel.setText(QCoreApplication.translate("AddressFormBody", u"&Notes", None))
        self.notesText.setPlaceholderText(QCoreApplication.translate("AddressFormBody", u"access, who else lives there, how to find it\u2026", None))
        pass
    # retranslateUi

